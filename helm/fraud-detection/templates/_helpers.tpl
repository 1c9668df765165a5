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

{{/*
The password hashes of the kind users in values.yaml (analyst / analyst-kind, viewer / viewer-kind): published, so
never to be mixed with real users. HelmChartTest checks this list against values.yaml.
*/}}
{{- define "fraud.kindPasswordHashes" -}}
pbkdf2-sha256:210000:3ff8da8a23961299ac8965ee4f7b3647:1ff576c0443391e25b88b42469cdc318a6d20abce0b0016c79863544f18ecbe7
pbkdf2-sha256:210000:b3082608ccce05bd2fdb23a9c29b31e4:dc37a3a0b54f6f146858dd3d5032b3711e3bbbc2343af4aaed8bcc3a19b321c6
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

{{/*
The api-tokens volume: only the files of the Secret a pod needs (args: root, items). The Secret is made from
bin/fraud-tokens' output (docs/security.md); ingest-service and detector-service get the public key, the dashboard its
own token for ingest-service.
*/}}
{{- define "fraud.apiTokensVolume" -}}
name: api-tokens
secret:
  secretName: {{ .root.Values.apiTokens.secretName }}
  defaultMode: 0440
  items:
  {{- range .items }}
    - key: {{ . }}
      path: {{ . }}
  {{- end }}
{{- end }}

{{/* The services' own PostgreSQL roles (least privilege; their grants come with each service's migrations). */}}
{{- define "fraud.serviceRoles" -}}
- fraud_ingest
- fraud_detector
- fraud_dashboard
- fraud_trainer
{{- end }}

{{/*
A service's database environment (args: root, role): its own role at run time, and, for the migration init
container only (migration: true), the owner role Flyway migrates as.
*/}}
{{- define "fraud.dbEnv" -}}
- name: FRAUD_DB_USERNAME
  value: {{ .role }}
- name: FRAUD_DB_PASSWORD
  valueFrom:
    secretKeyRef: {name: payments-db-service-credentials, key: {{ .role }}}
{{- if .migration }}
- name: PAYMENTS_DB_USERNAME
  valueFrom:
    secretKeyRef: {name: payments-db-credentials, key: username}
- name: PAYMENTS_DB_PASSWORD
  valueFrom:
    secretKeyRef: {name: payments-db-credentials, key: password}
- name: FRAUD_MIGRATE_AT_START
  value: "true"
- name: QUARKUS_INIT_AND_EXIT
  value: "true"
{{- end }}
{{- end }}

{{/* The Kafka cluster CA (Strimzi's fraud-kafka-cluster-ca-cert Secret) that Kafka clients trust for the TLS listener. */}}
{{- define "fraud.kafkaCaVolume" -}}
name: kafka-ca
secret:
  secretName: fraud-kafka-cluster-ca-cert
  items:
    - key: ca.crt
      path: ca.crt
{{- end }}

{{/* The JDBC URL every service uses: TLS, verifying the server's certificate and name against the mounted CA. */}}
{{- define "fraud.jdbcUrl" -}}
jdbc:postgresql://{{ include "fraud.dbHost" . }}:{{ include "fraud.dbPort" . }}/payments?sslmode=verify-full&sslrootcert=/etc/payments-db-ca/ca.crt
{{- end }}

{{/* The CA of the payments database (payments-db-tls), which every service's PostgreSQL client verifies it with. */}}
{{- define "fraud.dbCaVolume" -}}
name: payments-db-ca
secret:
  secretName: payments-db-tls
  items:
    - key: ca.crt
      path: ca.crt
{{- end }}

{{/*
The detector's memory, derived from the load it must hold (services.detector.capacity) with the figures StateSoakTest
measured (services.detector.sizing; the chart README's "Sizing the detector" gives the formula). Returns JSON:
  accountsPerReplica  accounts one replica holds when the group runs at its fewest replicas (its share of the
                      partitions of payments.public.transactions)
  bytesPerAccount     heap per account held: base + per recent payment x payments an account makes in 25 hours
  heapMi              the heap: the state (accounts per replica, and every merchant: a part per partition held
                      and their sum) at statePercentOfHeap of it
  limitMi             heap + what the build needs besides (native or jvm)
  budget              FRAUD_DETECTOR_STATE_MAX_ACCOUNTS: the accounts the heap holds at that share beside the
                      merchants (>= accountsPerReplica)
  merchantBudget      FRAUD_DETECTOR_STATE_MAX_MERCHANTS: capacity.merchants
Fails to render a load that cannot fit: more memory per replica than sizing.maxMemoryPerReplicaMi, more payments/s
than the replicas judge, or a simulator with more accounts or payments/s than the capacity.
*/}}
{{- define "fraud.detectorSizing" -}}
{{- $detector := .Values.services.detector -}}
{{- $capacity := $detector.capacity -}}
{{- $sizing := $detector.sizing -}}
{{- $partitions := include "fraud.changeEventPartitions" . | int -}}
{{- $fewest := $detector.replicas -}}
{{- $most := $detector.replicas -}}
{{- if $detector.autoscaling.enabled -}}
{{- $fewest = $detector.autoscaling.minReplicas -}}
{{- $most = $detector.autoscaling.maxReplicas -}}
{{- end -}}
{{- $fewest = min $fewest $partitions -}}
{{- $most = min $most $partitions -}}
{{- $partitionsPerReplica := div (add $partitions $fewest -1) $fewest -}}
{{- $accounts := int64 $capacity.accounts -}}
{{- $perReplica := div (add (mul $accounts $partitionsPerReplica) $partitions -1) $partitions -}}
{{- $recent := min 256 (ceil (divf (mulf $capacity.paymentsPerSecond 90000) $accounts) | int64) -}}
{{- $bytesPerAccount := add $sizing.bytesPerAccount (mul $sizing.bytesPerRecentPayment $recent) -}}
{{- $merchants := int64 $capacity.merchants -}}
{{- $merchantBytes := mul $merchants $sizing.bytesPerMerchantPart (add $partitionsPerReplica 1) -}}
{{- $stateBytes := add (mul $perReplica $bytesPerAccount) $merchantBytes -}}
{{- $heapBytes := div (add (mul $stateBytes 100) $sizing.statePercentOfHeap -1) $sizing.statePercentOfHeap -}}
{{- $heapMi := div (add $heapBytes 1048575) 1048576 -}}
{{- $budget := div (sub (div (mul $heapMi 1048576 $sizing.statePercentOfHeap) 100) $merchantBytes) $bytesPerAccount -}}
{{- $nonHeapMi := get $sizing.nonHeapMi $sizing.build | int64 -}}
{{- $limitMi := add $heapMi $nonHeapMi -}}
{{- if gt (float64 $capacity.paymentsPerSecond) (mulf $sizing.paymentsPerSecondPerReplica $most) -}}
{{- fail (printf "services.detector.capacity.paymentsPerSecond %v is more than %d replicas judge at sizing.paymentsPerSecondPerReplica %v: raise the replicas (up to %d partitions; more partitions for more)" $capacity.paymentsPerSecond $most $sizing.paymentsPerSecondPerReplica $partitions) -}}
{{- end -}}
{{- if gt $limitMi (int64 $sizing.maxMemoryPerReplicaMi) -}}
{{- fail (printf "services.detector.capacity (%d accounts, %v payments/s, %d merchants) needs %d Mi per detector replica (%d accounts each at %d replicas), over sizing.maxMemoryPerReplicaMi %d: raise autoscaling.minReplicas (up to %d partitions) or maxMemoryPerReplicaMi" $accounts $capacity.paymentsPerSecond $merchants $limitMi $perReplica $fewest (int64 $sizing.maxMemoryPerReplicaMi) $partitions) -}}
{{- end -}}
{{- $simulator := .Values.services.ingest.simulator -}}
{{- if $simulator.enabled -}}
{{- $simulated := required "services.ingest.simulator.totalAccounts is required with the simulator: the detector is sized for its accounts" $simulator.totalAccounts | int64 -}}
{{- $simulatedRate := required "services.ingest.simulator.totalRate is required with the simulator: the detector is sized for its payments/s" $simulator.totalRate | float64 -}}
{{- if gt $simulated $accounts -}}
{{- fail (printf "the simulator has %d accounts (services.ingest.simulator.totalAccounts), more than services.detector.capacity.accounts %d" $simulated $accounts) -}}
{{- end -}}
{{- if gt $simulatedRate (float64 $capacity.paymentsPerSecond) -}}
{{- fail (printf "the simulator streams %v payments/s, more than services.detector.capacity.paymentsPerSecond %v" $simulatedRate $capacity.paymentsPerSecond) -}}
{{- end -}}
{{- end -}}
{{- dict "accountsPerReplica" $perReplica "bytesPerAccount" $bytesPerAccount "heapMi" $heapMi "limitMi" $limitMi "budget" $budget "merchantBudget" $merchants "build" $sizing.build | toJson -}}
{{- end }}
