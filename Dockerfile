# port220 in a container: `docker build -t port220:0.1.0 .`, then `docker run --rm port220:0.1.0 demo`.
# Two stages: the TypeScript build (dev dependencies) runs in `build`; the image gets production
# dependencies only, the built dist/, the fingerprints and the schema, and runs as the unprivileged `node`
# user (uid 1000) with `port220` as its entry point. test/container/dockerfile.test.ts checks these
# invariants statically (no docker engine runs on the test machines).

FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY fingerprints ./fingerprints
COPY schema ./schema
# `npm ci` runs `prepare`, which builds: tsc, the fingerprint cache and the esbuild bundle in dist/.
RUN npm ci --no-audit --no-fund

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /opt/port220
COPY package.json package-lock.json ./
# Production dependencies only; --ignore-scripts skips `prepare` (the build is already done) and ssh2's
# optional native binding (it falls back to node's own crypto).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY --from=build /src/bin ./bin
COPY --from=build /src/fingerprints ./fingerprints
COPY --from=build /src/schema ./schema
RUN ln -s /opt/port220/bin/port220 /usr/local/bin/port220
# Unprivileged: `port220 demo` then listens on 2220 (binding 220 needs root or CAP_NET_BIND_SERVICE).
USER node
WORKDIR /home/node
ENTRYPOINT ["port220"]
CMD ["--help"]
