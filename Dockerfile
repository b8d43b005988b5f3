# kosmo in a container, for cron, CI and Kubernetes Jobs (examples/deploy/).
#
# Build stage: Debian 12 with the same scripts as a developer machine; only the kosmo target,
# no tests. Runtime stage: debian:12-slim with the stripped binary and what it loads at run
# time, nothing else: kosmo links everything statically except glibc and libcurl, which it
# dlopens on the first HTTP request (lib/http/curl_library.cpp), so libcurl4 and the CA
# certificates are the only packages added. .dockerignore keeps build directories out of the
# context, so a build after scripts/setup starts clean.
#
#   docker build -t kosmo .
#   docker run --rm -e KOSMO_SINCH_SERVICE_PLAN_ID -e KOSMO_SINCH_API_TOKEN \
#     -v "$PWD/workflows:/work:ro" kosmo integrations:lua report.lua --arg day=2026-12-01 --json
#
# Configuration comes from the environment (KOSMO_<INTEGRATION>_<FIELD>, KOSMO_LOG, ...) and
# from KOSMO_HOME=/kosmo-home, where a config.yaml, mcp.json or user manifests can be mounted
# (read-only is fine: a run writes nothing there). The process runs as the unprivileged user
# kosmo (uid and gid 10001, numeric so that Kubernetes' runAsNonRoot can verify it).
FROM debian:12 AS build
WORKDIR /src
COPY . .
# git only names the commit in `kosmo --version` ("unknown" without a .git in the context).
RUN apt-get update && apt-get install -y --no-install-recommends git \
 && ./scripts/install-deps \
 && BUILD_TARGETS=kosmo ./scripts/build -DKOSMO_BUILD_TESTS=OFF \
 && install -D -s -m 0755 build/kosmo /opt/kosmo/bin/kosmo

FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcurl4 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 kosmo \
 && useradd --uid 10001 --gid 10001 --home-dir /home/kosmo --create-home \
      --shell /usr/sbin/nologin kosmo \
 && install -d -o 10001 -g 10001 -m 0700 /kosmo-home \
 && install -d -o 10001 -g 10001 /work
COPY --from=build /opt/kosmo/bin/kosmo /usr/local/bin/kosmo
ENV KOSMO_HOME=/kosmo-home HOME=/home/kosmo
WORKDIR /work
USER 10001:10001
ENTRYPOINT ["kosmo"]
CMD ["--help"]
