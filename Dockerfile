# The Boston Sister Cities bot in a container (README.md, "Deploy"). Two stages: the first builds the wheel from
# the checkout, the second installs only that wheel and its dependencies, so no source, test or tool is shipped.
#   docker build -t sistercity .
#   docker run -d --env-file .env -p 127.0.0.1:3000:3000 sistercity                     # HTTP mode (the default)
#   docker run -d --env-file .env --no-healthcheck sistercity sistercity run             # Socket Mode

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE manifest.yaml .env.example ./
COPY bot/ bot/
COPY knowledge/ knowledge/
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
# Build the place-name index once, into the image (readable by the bot's user), so that every start reads it in
# about a tenth of a second instead of building it from GeoNames.
ENV SISTERCITY_CACHE_DIR=/opt/sistercity/cache
RUN sistercity ask hi > /dev/null
# A dedicated user without a login; numeric in USER, so that a runtime (Kubernetes' runAsNonRoot) can check it.
RUN groupadd --system --gid 10001 sistercity \
    && useradd --system --no-log-init --uid 10001 --gid 10001 --create-home --home-dir /home/sistercity \
        --shell /usr/sbin/nologin sistercity
USER 10001:10001
WORKDIR /home/sistercity
EXPOSE 3000
# HTTP mode's health check; slim images have no curl, so Python asks. Socket Mode serves no HTTP: run it with
# --no-healthcheck.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=4)"]
CMD ["sistercity", "run", "--http", "--host", "0.0.0.0", "--port", "3000"]
