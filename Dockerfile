# racebot as a service: one image for `racebot serve`, `racebot worker` and `racebot ingest`.
# Build: docker build -t racebot .   (see docs/service.md for running it)

# --- build: compile TypeScript to dist/ (dev dependencies live only in this stage) ---------
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY queues ./queues
# `npm ci` runs the prepare script: tsc -p tsconfig.build.json -> dist/
RUN npm ci --no-audit --no-fund

# --- runtime: production dependencies, the compiled code, the default config ---------------
FROM node:20-slim
ENV NODE_ENV=production \
    # public-inbox archives are usually owned by another user than the bot's: let git read them.
    GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=safe.directory GIT_CONFIG_VALUE_0=*
# git is what simple-git runs to read public-inbox archives (`racebot ingest`); nothing else.
RUN apt-get update \
    && apt-get install -y --no-install-recommends git ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the prepare script needs the TypeScript compiler, which is not installed here.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY config ./config
USER node
# 2525: SMTP/LMTP listener, 9464: /healthz and /metrics
EXPOSE 2525 9464
ENTRYPOINT ["node", "bin/racebot.js"]
CMD ["serve", "--listen", "0.0.0.0:2525", "--http", "0.0.0.0:9464"]
