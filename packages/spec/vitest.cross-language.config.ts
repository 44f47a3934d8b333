import { packageTests } from "../../vitest.shared.ts";

export default packageTests({ include: ["cross-language/**/*.test.ts"], testTimeout: 180_000 });
