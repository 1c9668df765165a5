{{/* Labels every resource of this release carries. */}}
{{- define "fraud.labels" -}}
app.kubernetes.io/part-of: fraud-detection
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{/* Selector labels of one component; args: (dict "root" $ "name" "detector-service"). */}}
{{- define "fraud.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{/*
The labels of one component's own resources: the release's labels and the component's name. Not "fraud.labels" and
"fraud.selector" together: both carry the instance label, and a YAML mapping may hold a key only once.
args: (dict "root" $ "name" "detector-service").
*/}}
{{- define "fraud.componentLabels" -}}
{{ include "fraud.labels" .root }}
app.kubernetes.io/name: {{ .name }}
{{- end }}

{{/* A Strimzi file from strimzi/ (the single source of truth), parsed, without the namespace it may name. */}}
{{- define "fraud.strimziFile" -}}
{{- $resource := .root.Files.Get (printf "files/strimzi/%s" .path) | fromYaml -}}
{{- if not $resource.kind -}}
{{- fail (printf "strimzi/%s is missing or not a single resource" .path) -}}
{{- end -}}
{{- $_ := unset $resource.metadata "namespace" -}}
{{- toYaml $resource -}}
{{- end }}

{{/* Partitions of payments.public.transactions: the most detector replicas that can get work. */}}
{{- define "fraud.changeEventPartitions" -}}
{{- $topic := include "fraud.strimziFile" (dict "root" . "path" "topics/payments.public.transactions.yaml") | fromYaml -}}
{{- $topic.spec.partitions -}}
{{- end }}

{{/* Where the payments database is: this chart's StatefulSet or an external one. */}}
{{- define "fraud.dbHost" -}}
{{- if .Values.postgresql.enabled }}payments-db{{ else }}{{ required "postgresql.external.host is required when postgresql.enabled is false" .Values.postgresql.external.host }}{{ end -}}
{{- end }}

{{- define "fraud.dbPort" -}}
{{- if .Values.postgresql.enabled }}5432{{ else }}{{ .Values.postgresql.external.port }}{{ end -}}
{{- end }}

{{/* Pod and container security settings shared by every workload of the chart. */}}
{{- define "fraud.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsUser }}
fsGroup: {{ .Values.securityContext.runAsUser }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "fraud.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end }}
