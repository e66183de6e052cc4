{{/*
Shared pieces of every workload. Each template file ranges over .Values.services and calls these with a
context dict: root ($), name (the service key, e.g. list_management), cfg (its values block) and, for pods,
component (api | relay | consumer | scheduler | migrate).

Names: the service key is the image name and the env prefix (LIST_MANAGEMENT_); Kubernetes objects use it
with hyphens (list-management), as do its console scripts (list-management-api, …).
*/}}

{{- define "ep.k8sName" -}}
{{- . | replace "_" "-" -}}
{{- end -}}

{{- define "ep.envPrefix" -}}
{{- . | upper }}_
{{- end -}}

{{- define "ep.objectName" -}}
{{- include "ep.k8sName" .name }}{{ if ne .component "api" }}-{{ .component }}{{ end -}}
{{- end -}}

{{- define "ep.imageTag" -}}
{{- .Values.global.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{- define "ep.image" -}}
{{- printf "%s/%s:%s" .root.Values.global.image.registry .name (include "ep.imageTag" .root) -}}
{{- end -}}

{{- define "ep.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ep.k8sName" .name }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "ep.labels" -}}
{{ include "ep.selectorLabels" . }}
app.kubernetes.io/part-of: enforcement-platform
app.kubernetes.io/version: {{ include "ep.imageTag" .root | trunc 63 | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "ep.secretName" -}}
{{- .cfg.existingSecret | default (printf .root.Values.global.secretNamePattern (include "ep.k8sName" .name)) -}}
{{- end -}}

{{/* Settings of one component: the API from the service block, workers from workerDefaults + overrides. */}}
{{- define "ep.componentConfig" -}}
{{- if eq .component "api" -}}
enabled: true
replicas: {{ .cfg.replicas | default 1 }}
resources: {{- toYaml (.cfg.resources | default dict) | nindent 2 }}
{{- else -}}
{{- $defaults := index .root.Values.workerDefaults .component | default dict -}}
{{- $own := index .cfg .component | default dict -}}
{{- toYaml (mergeOverwrite (deepCopy $defaults) (deepCopy $own)) -}}
{{- end -}}
{{- end -}}

{{/*
Workers serve /metrics on the API port + 100 (relay) / + 200 (consumer) / + 300 (scheduler):
WORKER_METRICS_OFFSET in libs/runtime/src/platform_runtime/entrypoints.py.
*/}}
{{- define "ep.metricsPort" -}}
{{- if eq .component "relay" -}}{{ add .cfg.port 100 }}
{{- else if eq .component "consumer" -}}{{ add .cfg.port 200 }}
{{- else if eq .component "scheduler" -}}{{ add .cfg.port 300 }}
{{- else -}}{{ .cfg.port }}{{- end -}}
{{- end -}}

{{/* The long-running components, in the order the templates render them. */}}
{{- define "ep.longRunning" -}}
{{- toJson (list "api" "relay" "consumer" "scheduler") -}}
{{- end -}}

{{/*
Broker security of global.kafka (deploy/README.md "Broker security"), for the services and the topics Job.
Each answers "true" or "" (templates test strings). Called with the root context.
*/}}
{{- define "ep.kafkaSasl" -}}
{{- if hasPrefix "SASL_" (.Values.global.kafka.securityProtocol | default "PLAINTEXT") }}true{{ end -}}
{{- end -}}

{{- define "ep.kafkaTls" -}}
{{- if has (.Values.global.kafka.securityProtocol | default "PLAINTEXT") (list "SSL" "SASL_SSL") }}true{{ end -}}
{{- end -}}

{{/* The CA bundle of the brokers is mounted from global.kafka.tls.caSecret at this folder. */}}
{{- define "ep.kafkaCaMounted" -}}
{{- if and (include "ep.kafkaTls" .) .Values.global.kafka.tls.caSecret }}true{{ end -}}
{{- end -}}

{{- define "ep.kafkaCaDir" -}}/etc/kafka-tls{{- end -}}

{{/* The Secret holding a service's SCRAM password: global.kafka.sasl.passwordSecret, or the service's own. */}}
{{- define "ep.kafkaPasswordSecret" -}}
{{- $pattern := .root.Values.global.kafka.sasl.passwordSecret -}}
{{- if not $pattern -}}{{ include "ep.secretName" . }}
{{- else if contains "%s" $pattern -}}{{ printf $pattern (include "ep.k8sName" .name) }}
{{- else -}}{{ $pattern }}{{- end -}}
{{- end -}}

{{/*
Environment of every container of a service: <PREFIX>SECTION__KEY (CONVENTIONS.md: Configuration).
The database URL is not here: it comes from the Secret mounted at /run/secrets/<service>. Nor is the SCRAM
password: <PREFIX>KAFKA__SASL_PASSWORD is read from a Secret (secretKeyRef), never from values.
services.<name>.env adds or overrides entries; a name without the service prefix fails the render.
*/}}
{{- define "ep.env" -}}
{{- $p := include "ep.envPrefix" .name -}}
{{- $g := .root.Values.global -}}
{{- $env := dict
    (printf "%sENVIRONMENT" $p) $g.environment
    (printf "%sHTTP__HOST" $p) "0.0.0.0"
    (printf "%sHTTP__PORT" $p) .cfg.port
    (printf "%sKAFKA__BOOTSTRAP_SERVERS" $p) $g.kafka.bootstrapServers
    (printf "%sKAFKA__ENABLE_IDEMPOTENCE" $p) $g.kafka.enableIdempotence
    (printf "%sKAFKA__CLIENT_ID" $p) .name
    (printf "%sLOG__JSON" $p) $g.log.json
    (printf "%sLOG__LEVEL" $p) $g.log.level
    (printf "%sRUN_WORKERS_IN_API" $p) false
    (printf "%sKAFKA__SECURITY_PROTOCOL" $p) ($g.kafka.securityProtocol | default "PLAINTEXT")
    (printf "%sIDENTITY__ISSUER" $p) $g.identity.issuer
    (printf "%sIDENTITY__AUDIENCE" $p) $g.identity.audience
-}}
{{- $sasl := include "ep.kafkaSasl" .root -}}
{{- if $sasl -}}
{{- $_ := set $env (printf "%sKAFKA__SASL_MECHANISM" $p) $g.kafka.sasl.mechanism -}}
{{- $user := eq $g.kafka.sasl.usernameFrom "k8sName" | ternary (include "ep.k8sName" .name) .name -}}
{{- $_ := set $env (printf "%sKAFKA__SASL_USERNAME" $p) $user -}}
{{- end -}}
{{- if include "ep.kafkaTls" .root -}}
{{- $_ := set $env (printf "%sKAFKA__SSL_CHECK_HOSTNAME" $p) $g.kafka.tls.checkHostname -}}
{{- if include "ep.kafkaCaMounted" .root -}}
{{- $_ := set $env (printf "%sKAFKA__SSL_CAFILE" $p) (printf "%s/%s" (include "ep.kafkaCaDir" .root) $g.kafka.tls.caKey) -}}
{{- end -}}
{{- end -}}
{{- /* where its consumer reconciles consumed events: every enabled service's API in this release */ -}}
{{- $sources := dict -}}
{{- range $other, $otherCfg := .root.Values.services -}}
{{- if $otherCfg.enabled -}}
{{- $_ := set $sources $other (printf "http://%s:%v" (include "ep.k8sName" $other) $otherCfg.port) -}}
{{- end -}}
{{- end -}}
{{- $_ := set $env (printf "%sRECONCILE__SOURCES" $p) ($sources | toJson) -}}
{{- with $g.tracing -}}
{{- if .otlpEndpoint -}}
{{- $_ := set $env (printf "%sTRACING__OTLP_ENDPOINT" $p) .otlpEndpoint -}}
{{- $_ := set $env (printf "%sTRACING__SAMPLE_RATIO" $p) (hasKey . "sampleRatio" | ternary .sampleRatio 1.0) -}}
{{- end -}}
{{- end -}}
{{- range $key, $value := .cfg.env -}}
{{- if not (hasPrefix $p $key) -}}
{{- fail (printf "services.%s.env.%s: variable names must start with %s" $.name $key $p) -}}
{{- end -}}
{{- if eq $key (printf "%sKAFKA__SASL_PASSWORD" $p) -}}
{{- fail (printf "services.%s.env.%s: the SCRAM password comes from a Secret (global.kafka.sasl.passwordSecret)" $.name $key) -}}
{{- end -}}
{{- $_ := set $env $key $value -}}
{{- end -}}
{{- range $key, $value := $env }}
- name: {{ $key }}
  value: {{ $value | toString | quote }}
{{- end -}}
{{- if $sasl }}
- name: {{ $p }}KAFKA__SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "ep.kafkaPasswordSecret" . }}
      key: {{ $g.kafka.sasl.passwordKey | quote }}
{{- end -}}
{{- end -}}

{{- define "ep.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "ep.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
privileged: false
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Pod-wide settings shared by every pod of the chart (service workloads and the topics Job). */}}
{{- define "ep.podCommon" -}}
{{- $g := .Values.global -}}
automountServiceAccountToken: false
enableServiceLinks: false
securityContext: {{- include "ep.podSecurityContext" . | nindent 2 }}
{{- with $g.image.pullSecrets }}
imagePullSecrets: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $g.nodeSelector }}
nodeSelector: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $g.tolerations }}
tolerations: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $g.affinity }}
affinity: {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/*
The pod template of one component of one service: its console script, env, the secrets directory
(read-only), a writable /tmp (the root filesystem is read-only) and the probes of its role.
*/}}
{{- define "ep.podTemplate" -}}
{{- $conf := include "ep.componentConfig" . | fromYaml -}}
{{- $metricsPort := include "ep.metricsPort" . | int -}}
{{- $annotations := dict -}}
{{- if ne .component "migrate" -}}
{{- $_ := set $annotations "prometheus.io/scrape" "true" -}}
{{- $_ := set $annotations "prometheus.io/port" (toString $metricsPort) -}}
{{- $_ := set $annotations "prometheus.io/path" "/metrics" -}}
{{- end -}}
{{- if .root.Values.createSecrets -}}
{{- $_ := set $annotations "checksum/secrets" (toJson .cfg.secrets | sha256sum) -}}
{{- end }}
metadata:
  labels: {{- include "ep.labels" . | nindent 4 }}
  {{- with $annotations }}
  annotations: {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- include "ep.podCommon" .root | nindent 2 }}
  {{- if eq .component "migrate" }}
  restartPolicy: Never
  {{- else }}
  terminationGracePeriodSeconds: 30
  {{- end }}
  {{- if or (eq .component "api") (eq .component "consumer") }}
  topologySpreadConstraints:
    - maxSkew: 1
      topologyKey: kubernetes.io/hostname
      whenUnsatisfiable: ScheduleAnyway
      labelSelector:
        matchLabels: {{- include "ep.selectorLabels" . | nindent 10 }}
  {{- end }}
  containers:
    - name: {{ .component }}
      image: {{ include "ep.image" . }}
      imagePullPolicy: {{ .root.Values.global.image.pullPolicy }}
      command: [{{ printf "%s-%s" (include "ep.k8sName" .name) .component | quote }}]
      env: {{- include "ep.env" . | trim | nindent 8 }}
      {{- if eq .component "api" }}
      ports:
        - name: http
          containerPort: {{ .cfg.port }}
          protocol: TCP
      startupProbe:
        httpGet: {path: /healthz, port: http}
        periodSeconds: 2
        failureThreshold: 30
      livenessProbe:
        httpGet: {path: /healthz, port: http}
        periodSeconds: 10
        timeoutSeconds: 2
        failureThreshold: 3
      readinessProbe:
        httpGet: {path: /readyz, port: http}
        periodSeconds: 5
        timeoutSeconds: 5
        failureThreshold: 3
      {{- else if ne .component "migrate" }}
      ports:
        - name: metrics
          containerPort: {{ $metricsPort }}
          protocol: TCP
      livenessProbe:                # 503 once the event loop has not beaten for http.loop_stall_s (30 s)
        httpGet: {path: /livez, port: metrics}
        initialDelaySeconds: 5
        timeoutSeconds: 2
        periodSeconds: 10
        failureThreshold: 3
      {{- end }}
      resources: {{- toYaml ($conf.resources | default dict) | nindent 8 }}
      securityContext: {{- include "ep.containerSecurityContext" . | nindent 8 }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        - name: secrets
          mountPath: /run/secrets/{{ .name }}
          readOnly: true
        {{- if include "ep.kafkaCaMounted" .root }}
        - name: kafka-tls
          mountPath: {{ include "ep.kafkaCaDir" .root }}
          readOnly: true
        {{- end }}
        {{- if .root.Values.global.holidayNotices }}
        - name: holiday-notices
          mountPath: /etc/platform/holiday-notices
          readOnly: true
        {{- end }}
  volumes:
    - name: tmp
      emptyDir:
        sizeLimit: 64Mi
    - name: secrets
      secret:
        secretName: {{ include "ep.secretName" . }}
        defaultMode: 288  # 0440: readable by the app's group (fsGroup 10001), never writable
    {{- if include "ep.kafkaCaMounted" .root }}
    - name: kafka-tls
      secret:
        secretName: {{ .root.Values.global.kafka.tls.caSecret }}
        defaultMode: 288
    {{- end }}
    {{- if .root.Values.global.holidayNotices }}
    - name: holiday-notices
      configMap:
        name: {{ .root.Release.Name }}-holiday-notices
    {{- end }}
{{- end -}}
