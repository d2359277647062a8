{{/* The name of every resource: the release name, with the chart's name unless the release already has it. */}}
{{- define "rag-service.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels that select the service's pods; the Service, PDB, HPA and policies use exactly these. */}}
{{- define "rag-service.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "rag-service.labels" -}}
{{ include "rag-service.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "rag-service.redisSelectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}-redis
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
More than one pod on a per-pod index (lucene, or the default that means it) would answer from as many indexes as
there are pods: the chart refuses to render rather than deploy that.
*/}}
{{- define "rag-service.requireSharedStore" -}}
{{- $shared := has .Values.adapters.vectorStore (list "pinecone" "opensearch") -}}
{{- $pods := int .Values.replicaCount -}}
{{- if .Values.autoscaling.enabled }}{{ $pods = max $pods (int .Values.autoscaling.maxReplicas) }}{{ end -}}
{{- if and (gt $pods 1) (not $shared) -}}
{{- fail (printf "%d pods on VECTOR_STORE=%s: each pod's embedded Lucene index is its own, so replicas would answer from different indexes. Set adapters.vectorStore=opensearch (with opensearch.url) or pinecone, or keep one pod (replicaCount=1, autoscaling.enabled=false)" $pods (.Values.adapters.vectorStore | default "lucene")) -}}
{{- end -}}
{{- if and (eq .Values.adapters.vectorStore "opensearch") (not .Values.opensearch.url) -}}
{{- fail "adapters.vectorStore=opensearch needs opensearch.url, the cluster every pod shares" -}}
{{- end -}}
{{- end -}}

{{/* The Secret with the API keys file: the chart's own with auth.createSecret (a trial), else auth.existingSecret. */}}
{{- define "rag-service.apiKeysSecret" -}}
{{- if .Values.auth.createSecret -}}
{{ include "rag-service.fullname" . }}-api-keys
{{- else -}}
{{ required "auth.existingSecret must name the Secret with the API keys file (or set auth.enabled=false)" .Values.auth.existingSecret }}
{{- end -}}
{{- end -}}
