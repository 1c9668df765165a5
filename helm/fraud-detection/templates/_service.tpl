{{/*
The Deployment, Service, ConfigMap and PodDisruptionBudget of one Quarkus service. args:
  root: $, svc: .Values.services.<x>, config: the service's environment (ConfigMap), secretEnv: env entries from Secrets,
  volumes / volumeMounts (optional): extra volumes, e.g. a Secret mounted as files.
  args (optional): arguments after the image's entrypoint (the detector's native heap size).
  migrationEnv (optional): the environment of a `migrate` init container that runs the same image once with
    QUARKUS_INIT_AND_EXIT (Flyway as the owner role, then exit), so the service itself never holds the owner's password.
*/}}
{{- define "fraud.quarkusService" -}}
{{- $root := .root -}}
{{- $svc := .svc -}}
{{- $selector := include "fraud.selector" (dict "root" $root "name" $svc.name) }}
# Non-secret settings, as environment variables Quarkus maps onto its configuration keys.
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ $svc.name }}
  labels:
    {{- include "fraud.componentLabels" (dict "root" $root "name" $svc.name) | nindent 4 }}
data:
  # prod for the image's defaults, kubernetes for the SCRAM client settings of application.properties.
  QUARKUS_PROFILE: prod,kubernetes
  {{- range $key, $value := .config }}
  {{ $key }}: {{ $value | quote }}
  {{- end }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $svc.name }}
  labels:
    {{- include "fraud.componentLabels" (dict "root" $root "name" $svc.name) | nindent 4 }}
spec:
  {{- if not (and $svc.autoscaling $svc.autoscaling.enabled) }}
  replicas: {{ $svc.replicas }}
  {{- end }}
  selector:
    matchLabels:
      {{- $selector | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "fraud.componentLabels" (dict "root" $root "name" $svc.name) | nindent 8 }}
      annotations:
        # A changed ConfigMap rolls the pods, which read it only at start.
        checksum/config: {{ toJson .config | sha256sum }}
    spec:
      automountServiceAccountToken: false
      securityContext:
        {{- include "fraud.podSecurityContext" $root | nindent 8 }}
      {{- with $root.Values.image.pullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if $root.Values.spreadAcrossNodes }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- $selector | nindent 14 }}
      {{- end }}
      {{- with .migrationEnv }}
      initContainers:
        - name: migrate
          image: {{ printf "%s/%s:%s" $root.Values.image.repository $svc.name $root.Values.image.tag | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          {{- with $.args }}
          args:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          envFrom:
            - configMapRef:
                name: {{ $svc.name }}
          env:
            {{- toYaml . | nindent 12 }}
          resources:
            {{- toYaml $svc.resources | nindent 12 }}
          securityContext:
            {{- include "fraud.containerSecurityContext" $root | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- with $.volumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      {{- end }}
      containers:
        - name: {{ $svc.name }}
          image: {{ printf "%s/%s:%s" $root.Values.image.repository $svc.name $root.Values.image.tag | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          {{- with .args }}
          args:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          ports:
            - name: {{ if $svc.tls }}https{{ else }}http{{ end }}
              containerPort: {{ $svc.port }}
            # Quarkus' management interface (the kubernetes profile): /q/health, /q/metrics and /q/openapi.
            - name: management
              containerPort: {{ $root.Values.managementPort }}
          envFrom:
            - configMapRef:
                name: {{ $svc.name }}
          env:
            {{- if $svc.tls }}
            # HTTPS on the service port; plain HTTP is refused (insecure-requests=disabled in application.properties).
            - name: QUARKUS_HTTP_SSL_PORT
              value: {{ $svc.port | quote }}
            {{- else }}
            - name: QUARKUS_HTTP_PORT
              value: {{ $svc.port | quote }}
            {{- end }}
            {{- with .secretEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          # Quarkus SmallRye Health: started once, then live (the process works) and ready (Kafka and the database
          # answer), each on its own path under /q/health.
          startupProbe:
            httpGet: {path: /q/health/started, port: management}
            periodSeconds: 2
            failureThreshold: 60
          livenessProbe:
            httpGet: {path: /q/health/live, port: management}
            periodSeconds: 10
            failureThreshold: 3
          readinessProbe:
            httpGet: {path: /q/health/ready, port: management}
            periodSeconds: 5
            failureThreshold: 3
          resources:
            {{- toYaml $svc.resources | nindent 12 }}
          securityContext:
            {{- include "fraud.containerSecurityContext" $root | nindent 12 }}
          volumeMounts:
            # The root filesystem is read-only; Vert.x and the JVM need a scratch directory.
            - name: tmp
              mountPath: /tmp
            {{- with .volumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
        {{- with .volumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $svc.name }}
  labels:
    {{- include "fraud.componentLabels" (dict "root" $root "name" $svc.name) | nindent 4 }}
spec:
  selector:
    {{- $selector | nindent 4 }}
  ports:
    - name: {{ if $svc.tls }}https{{ else }}http{{ end }}
      port: {{ $svc.port }}
      targetPort: {{ if $svc.tls }}https{{ else }}http{{ end }}
---
# Headless: its DNS name resolves to every ready pod, which is how a plain Prometheus finds them
# (k8s/prometheus/prometheus.yml).
apiVersion: v1
kind: Service
metadata:
  name: {{ $svc.name }}-pods
  labels:
    {{- include "fraud.componentLabels" (dict "root" $root "name" $svc.name) | nindent 4 }}
spec:
  clusterIP: None
  selector:
    {{- $selector | nindent 4 }}
  ports:
    - name: management
      port: {{ $root.Values.managementPort }}
      targetPort: management
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $svc.name }}
  labels:
    {{- include "fraud.componentLabels" (dict "root" $root "name" $svc.name) | nindent 4 }}
spec:
  maxUnavailable: {{ $root.Values.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- $selector | nindent 6 }}
{{- end }}
