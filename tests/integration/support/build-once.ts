import { fileURLToPath } from "node:url";
import { ensureBuild } from "../../../bench/support/server";

/**
 * The production build, made (when the sources are newer) once before any test file runs: the
 * files that start the built server would otherwise each find it stale and build it at once, and
 * one could start its server while another's build was still writing the compressed scripts.
 */
export default function buildOnce() {
  ensureBuild(fileURLToPath(new URL("../../..", import.meta.url)));
}
