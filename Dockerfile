# syntax=docker/dockerfile:1
#
# Gatehouse container image (docs/deployment.md#containers).
#   docker build -t gatehouse .
#   docker run --rm -p 8080:8080 -v "$PWD/gatehouse.yaml:/etc/gatehouse/gatehouse.yaml:ro" gatehouse
# compose.yaml runs it with PostgreSQL and Redis. test/e2e/container-image.e2e.test.ts checks this file.

# ---- build: every dependency, the native better-sqlite3 module, the TypeScript build, then the
# production dependencies only.
FROM node:20-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary fits: node-gyp needs python3, make and g++.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Install scripts stay off (package.json "allowScripts"): only better-sqlite3 needs its own, to build the
# native module. onnxruntime-node ships its CPU binaries in the package; its script would fetch CUDA ones.
RUN npm ci --ignore-scripts --no-audit --no-fund \
  && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
# npm run build runs scripts/ensure-build.mjs (tsc, then the stamp that lets npm start skip an unchanged build).
COPY scripts/ensure-build.mjs ./scripts/
COPY src ./src
RUN npm run build \
  && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# ---- runtime: Node, the production dependencies and dist; no compiler, no sources, no dev dependencies.
FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    GATEHOUSE_CONFIG=/etc/gatehouse/gatehouse.yaml
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Code stays owned by root and read-only to the gateway; its data (relative paths such as ./data/...,
# the audit checkpoint log) goes to /var/lib/gatehouse, the working directory, owned by the `node` user.
RUN chmod 0755 /app/dist/cli/main.js \
  && ln -s /app/dist/cli/main.js /usr/local/bin/gatehouse \
  && mkdir -p /var/lib/gatehouse /etc/gatehouse \
  && chown node:node /var/lib/gatehouse
WORKDIR /var/lib/gatehouse
USER node
EXPOSE 8080
# Liveness: the process answers (GET /healthz). Readiness (store reachable) is GET /readyz, for the load
# balancer; compose.yaml uses it.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
CMD ["serve"]
