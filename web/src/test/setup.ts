import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// findBy*/waitFor poll until the DOM holds; 1 s (the default) is too short an upper
// bound on a loaded machine.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => cleanup());
