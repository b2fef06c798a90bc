# One image recipe for every Node app in the repo (ADR 0007). Pick the app with a build argument:
#
#   docker build --build-arg APP=tokens -t ringside/tokens .
#
# APP is one of: gateway, tokens, linking, catalog, ingest, media, ring-emulator. The web app has no image of
# its own: it is built into dist/apps/web and served by the gateway.
#
# Stages: deps (npm ci, all dependencies) -> build (npm run build: SWC for every app and lib, Vite for the web
# app; identical for every APP, so it is cached once and shared) -> prod-deps (npm ci --omit=dev) -> runtime
# (node_modules from prod-deps + only the part of dist/ that APP runs) -> app-<APP> (its PORT and EXPOSE).
# Only classic Dockerfile features are used, so both BuildKit and the legacy builder accept it.

# Global: used by the final FROM to pick the per-app stage. No default: an image must say which app it runs.
ARG APP

FROM node:20-bookworm-slim AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# --- deps: every dependency, including the build tools (@swc/core, vite, typescript) -------------------------
FROM base AS deps
COPY package.json package-lock.json .npmrc ./
# `npm ci`; if npm refuses the lockfile because it lacks other-platform optional packages that the registry the
# lockfile was made with does not serve (ADR 0007), install the same locked versions without rewriting it.
# CI checks separately that the lockfile is otherwise in sync.
RUN (npm ci || { echo 'npm ci refused package-lock.json; installing the locked versions with npm install --no-save' >&2; \
      npm install --no-save; }) \
    && npm cache clean --force

# --- build: compile everything once -------------------------------------------------------------------------
FROM deps AS build
COPY . .
RUN npm run build
# Declared only after the build, so the layers above are the same for every APP and built once.
ARG APP
RUN set -eu; \
    if [ -z "${APP:-}" ]; then \
      echo "Build with --build-arg APP=<gateway|tokens|linking|catalog|ingest|media|ring-emulator>" >&2; exit 1; \
    fi; \
    if [ ! -f "dist/apps/${APP}/src/main.js" ]; then \
      echo "APP=${APP}: dist/apps/${APP}/src/main.js was not built; is apps/${APP} a Node app?" >&2; exit 1; \
    fi; \
    mkdir -p /out/dist/apps; \
    cp -a dist/build-info.json dist/libs /out/dist/; \
    cp -a "dist/apps/${APP}" /out/dist/apps/; \
    if [ "${APP}" = gateway ]; then cp -a dist/apps/web /out/dist/apps/; fi

# --- prod-deps: runtime dependencies only -------------------------------------------------------------------
FROM base AS prod-deps
COPY package.json package-lock.json .npmrc ./
RUN (npm ci --omit=dev || { echo 'npm ci refused package-lock.json; npm install --no-save --omit=dev' >&2; \
      npm install --no-save --omit=dev; }) \
    && npm cache clean --force

# --- runtime: what every app image has ----------------------------------------------------------------------
FROM base AS runtime
ARG APP
# APP reaches the container through ENV; the CMD below reads it. NODE_ENV=production by default (secrets are
# then required and dev defaults refused); docker-compose.yml overrides it to development for the local demo.
ENV APP=${APP} \
    NODE_ENV=production \
    HOST=0.0.0.0 \
    NODE_OPTIONS=--max-semi-space-size=4
# NODE_OPTIONS: the production V8 flags, the same as tools/runtime/node-flags.json ("*"; an app stage below sets its
# own where the JSON has an entry for it). bench/boot measures with them; tools/runtime/node-flags.spec.ts checks.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json ./
COPY --from=build /out/dist ./dist
# Files stay owned by root (read-only for the app); the process runs as the image's unprivileged user.
USER node
# No curl in slim images: Node's own fetch against the readiness endpoint on $PORT (set per app below).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health/ready',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# cwd is /app (the repo root layout): the app reads dist/build-info.json and, for the gateway, dist/apps/web.
# `exec` replaces the shell with node, so node itself receives SIGTERM and shuts down gracefully.
CMD ["/bin/sh", "-c", "exec node \"dist/apps/${APP}/src/main.js\""]

# --- per-app stages: default PORT (overridable at run time) and EXPOSE --------------------------------------
FROM runtime AS app-gateway
ENV PORT=8080
EXPOSE 8080

FROM runtime AS app-tokens
ENV PORT=3001
EXPOSE 3001

FROM runtime AS app-linking
ENV PORT=3002
EXPOSE 3002

FROM runtime AS app-catalog
ENV PORT=3003
EXPOSE 3003

FROM runtime AS app-ingest
# A larger young generation: fewer scavenges at thousands of webhooks/s (ADR 0016, bench/ingest).
ENV PORT=3004 \
    NODE_OPTIONS=--max-semi-space-size=16
EXPOSE 3004

FROM runtime AS app-media
ENV PORT=3005
EXPOSE 3005

FROM runtime AS app-ring-emulator
ENV PORT=4000
EXPOSE 4000

# --- final image: the stage of the chosen app ---------------------------------------------------------------
FROM app-${APP}
