# syntax=docker/dockerfile:1
#
# One image recipe for all six services; the SERVICE build arg picks which one the image runs:
#   docker build --build-arg SERVICE=community -t fivesoc-community .
# docker-compose.yml builds each service this way. No build step: Node 24 strips the TypeScript types
# itself, and the `@fivesoc/source` condition makes workspace packages resolve to their src/.

# ---------------------------------------------------------------------------
# base: Node 24 and pnpm, through corepack.
# ---------------------------------------------------------------------------
FROM node:24-slim AS base
# Keep equal to "packageManager" in package.json (packages/e2e/src/compose.unit.spec.ts checks it).
ARG PNPM_VERSION=10.34.9
ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0
RUN corepack enable pnpm && corepack install -g pnpm@${PNPM_VERSION}
WORKDIR /app

# ---------------------------------------------------------------------------
# manifests: only the files `pnpm install` reads (root manifest, lockfile, workspace file, .npmrc, the
# patches of patchedDependencies and every workspace package.json), with their directory layout. COPY --from below compares content, so
# the install layer is rebuilt only when one of these files changes, not on every source edit.
# ---------------------------------------------------------------------------
FROM base AS manifests
COPY . .
RUN find . -type f ! \( \
      -path ./package.json -o -path ./pnpm-lock.yaml -o -path ./pnpm-workspace.yaml -o -path ./.npmrc \
      -o -path './patches/*.patch' -o -path './packages/*/package.json' -o -path './services/*/package.json' \
    \) -delete \
 && find . -mindepth 1 -depth -type d -empty -delete

# ---------------------------------------------------------------------------
# deps: runtime dependencies of the whole workspace, from the lockfile exactly. The pnpm store is a
# BuildKit cache mount, so a changed lockfile downloads only what is new.
# ---------------------------------------------------------------------------
FROM base AS deps
COPY --from=manifests /app/ ./
RUN --mount=type=cache,id=fivesoc-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --prod --store-dir=/pnpm/store

# ---------------------------------------------------------------------------
# service: the sources on top (.dockerignore keeps host node_modules, .stack and the like out), then
# the one service named by SERVICE. Files stay root-owned: the service only reads them.
# ---------------------------------------------------------------------------
FROM deps AS service
COPY . .
# Declared after the COPY so all six images share every layer up to here.
ARG SERVICE
RUN if [ -z "${SERVICE}" ] || [ ! -f "services/${SERVICE}/src/main.ts" ]; then \
      echo "build arg SERVICE must name a directory under services/ (got '${SERVICE}')" >&2; exit 1; \
    fi
ENV NODE_ENV=production \
    FIVESOC_SERVICE=${SERVICE} \
    HTTP_HOST=0.0.0.0
WORKDIR /app/services/${SERVICE}
USER node
# Liveness through node's own fetch (the slim image has no curl). The port is HTTP_PORT when set,
# else the service's default from src/service.ts (a module with type-only imports, so cheap to load).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "--input-type=module", "-e", "const port = process.env.HTTP_PORT || (await import('./src/service.ts')).service.defaultHttpPort; const res = await fetch('http://127.0.0.1:' + port + '/healthz', { signal: AbortSignal.timeout(4000) }); process.exit(res.ok ? 0 : 1);"]
CMD ["node", "--conditions=@fivesoc/source", "--import", "@fivesoc/service-kit/otel-register", "src/main.ts"]
