/** An address the dashboard does not know. */
import { routeHref } from "../app/route.ts";

export interface NotFoundPageProps {
  path: string;
}

export function NotFoundPage({ path }: NotFoundPageProps) {
  return (
    <main id="main" className="sign-in">
      <h1>Nothing at {path}</h1>
      <p>
        <a href={routeHref({ name: "home" })}>Go to your projects</a>
      </p>
    </main>
  );
}
