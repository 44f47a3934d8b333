import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { DEFAULT_FILTERS, type FlagFilters } from "../lib/flag-filters.ts";
import { FlagFiltersBar } from "./flag-filters-bar.tsx";

function Bar({ evaluationsTracked }: { evaluationsTracked: boolean }) {
  const [filters, setFilters] = useState<FlagFilters>(DEFAULT_FILTERS);
  return (
    <FlagFiltersBar
      filters={filters}
      tags={[]}
      environmentName="Production"
      evaluationsTracked={evaluationsTracked}
      onChange={setFilters}
    />
  );
}

describe("the stale filter", () => {
  it("says stale means unchanged when the server records no evaluations, and explains it once chosen", () => {
    render(<Bar evaluationsTracked={false} />);
    const stale = screen.getByLabelText("Stale only (not changed for 30 days)");
    expect(screen.queryByText(/does not record evaluations/)).toBeNull();
    fireEvent.click(stale);
    const help = screen.getByText(/does not record evaluations/);
    expect(help.textContent).toContain("configuration in Production changed for 30 days");
    expect(stale.getAttribute("aria-describedby")).toBe(help.id);
  });

  it("names evaluations when the server reports them", () => {
    render(<Bar evaluationsTracked={true} />);
    expect(screen.getByLabelText("Stale only (not changed or evaluated for 30 days)")).toBeTruthy();
  });
});
