# kosmo in a container: build on Debian 12 with the same scripts as a developer machine, then
# ship the binary on a slim Debian 12 with only the runtime libraries it needs.
FROM debian:12 AS build
WORKDIR /src
COPY . .
RUN apt-get update && ./scripts/install-deps && ./scripts/build -DKOSMO_BUILD_TESTS=OFF

FROM debian:12-slim
# libcurl is loaded on the first HTTP request; the rest is linked statically into kosmo.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcurl4 ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/build/kosmo /usr/local/bin/kosmo
COPY --from=build /src/examples /usr/share/kosmo/examples
ENTRYPOINT ["kosmo"]
CMD ["--help"]
