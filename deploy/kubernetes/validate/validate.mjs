#!/usr/bin/env node
// Validates rendered Kubernetes manifests (multi-document YAML, from files or stdin) against the
// Kubernetes API schemas that the kubernetes-models package carries: no cluster, no network.
//
//   kubectl kustomize deploy/kubernetes/overlays/production | node deploy/kubernetes/validate/validate.mjs
//
// Prints one line per object and exits non-zero, naming the object and the failing field, on the first
// kind it does not know or any object the schema refuses.
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

const sources = process.argv.length > 2 ? process.argv.slice(2) : ["/dev/stdin"];
let failures = 0;
let count = 0;
for (const source of sources) {
  for (const manifest of yaml.loadAll(readFileSync(source, "utf8"))) {
    if (manifest == null) continue;
    count++;
    const { apiVersion, kind } = manifest;
    const name = `${kind}/${manifest.metadata?.name ?? "(no name)"}`;
    try {
      if (typeof apiVersion !== "string" || typeof kind !== "string") {
        throw new Error("apiVersion and kind are required");
      }
      // "apps/v1" -> kubernetes-models/apps/v1, "v1" -> kubernetes-models/v1
      const module = await import(`kubernetes-models/${apiVersion}/${kind}`).catch(() => {
        throw new Error(`unknown kind ${kind} in ${apiVersion}`);
      });
      const Model = module[kind] ?? module.default;
      if (kind === "Secret" && manifest.data) {
        // kustomize wraps long base64 values over lines; the API server's decoder skips line breaks.
        for (const key of Object.keys(manifest.data)) manifest.data[key] = String(manifest.data[key]).replace(/\s+/g, "");
      }
      new Model(manifest).validate();
      console.log(`valid   ${apiVersion} ${name}`);
    } catch (error) {
      failures++;
      console.log(`INVALID ${apiVersion} ${name}: ${error.message}`);
    }
  }
}
if (count === 0) {
  console.log("INVALID: no manifests in the input");
  failures++;
}
console.log(`${count} objects, ${failures} invalid`);
process.exit(failures === 0 ? 0 : 1);
