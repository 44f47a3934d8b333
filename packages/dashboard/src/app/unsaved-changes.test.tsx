import { render } from "@testing-library/react";
import { useContext } from "react";
import { describe, expect, it } from "vitest";
import { UnsavedChangesContext, useUnsavedChanges } from "./unsaved-changes.ts";
import { UnsavedChangesProvider } from "./unsaved-changes-provider.tsx";

function Editor({ description }: { description: string | undefined }) {
  useUnsavedChanges("flag:x", description);
  return null;
}

function Leaver({ onReady }: { onReady(confirmLeave: () => boolean): void }) {
  onReady(useContext(UnsavedChangesContext).confirmLeave);
  return null;
}

describe("unsaved changes", () => {
  it("asks before leaving only while something is unsaved, naming it", () => {
    const asked: string[] = [];
    let answer = false;
    let confirmLeave: () => boolean = () => true;
    const ask = (message: string) => {
      asked.push(message);
      return answer;
    };
    const view = render(
      <UnsavedChangesProvider ask={ask}>
        <Editor description={undefined} />
        <Leaver onReady={(fn) => (confirmLeave = fn)} />
      </UnsavedChangesProvider>,
    );
    expect(confirmLeave()).toBe(true);
    expect(asked).toEqual([]);

    view.rerender(
      <UnsavedChangesProvider ask={ask}>
        <Editor description="2 unsaved changes to x in Production" />
        <Leaver onReady={(fn) => (confirmLeave = fn)} />
      </UnsavedChangesProvider>,
    );
    expect(confirmLeave()).toBe(false);
    expect(asked).toEqual(["Leave and lose 2 unsaved changes to x in Production?"]);
    answer = true;
    expect(confirmLeave()).toBe(true);

    view.rerender(
      <UnsavedChangesProvider ask={ask}>
        <Leaver onReady={(fn) => (confirmLeave = fn)} />
      </UnsavedChangesProvider>,
    );
    expect(confirmLeave()).toBe(true);
    expect(asked).toHaveLength(2);
  });
});
