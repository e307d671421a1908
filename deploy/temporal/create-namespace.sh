#!/bin/sh
# Registers the namespace Baton runs in, once: an existing namespace is left as it is. Run by the
# temporal-namespace service (temporalio/admin-tools) once the server answers its health check.
# The `temporal` CLI reads TEMPORAL_ADDRESS and, for a cluster with TLS, the same TEMPORAL_TLS_* and
# TEMPORAL_API_KEY variables Baton's processes read.
set -eu

: "${TEMPORAL_ADDRESS:?}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
RETENTION="${TEMPORAL_NAMESPACE_RETENTION:-7d}"

attempt=0
until temporal operator cluster health; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 30 ]; then
    echo "temporal-namespace: the server at ${TEMPORAL_ADDRESS} is not healthy" >&2
    exit 1
  fi
  sleep 2
done

if temporal operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; then
  echo "temporal-namespace: ${NAMESPACE} exists"
else
  temporal operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION"
  echo "temporal-namespace: ${NAMESPACE} created (retention ${RETENTION})"
fi
