# kosmo in a container: build on Debian 12 with the same scripts as a developer machine, install
# with the build's own install rules (binary, man page, completions, examples), then ship that
# on a slim Debian 12 with only the runtime libraries kosmo needs. .dockerignore keeps build
# directories out of the context, so a build after scripts/setup starts clean.
FROM debian:12 AS build
WORKDIR /src
COPY . .
# git only names the commit in `kosmo --version` ("unknown" without a .git in the context).
RUN apt-get update && apt-get install -y --no-install-recommends git \
 && ./scripts/install-deps && ./scripts/build -DKOSMO_BUILD_TESTS=OFF \
 && cmake --install build --prefix /opt/kosmo

FROM debian:12-slim
# libcurl is loaded on the first HTTP request; the rest is linked statically into kosmo.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcurl4 ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/kosmo /usr/local
ENTRYPOINT ["kosmo"]
CMD ["--help"]
