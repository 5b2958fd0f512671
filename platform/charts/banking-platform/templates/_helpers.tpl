{{/* Fully qualified Service names, from the upstream charts' naming rules and the fullnames pinned in values. */}}
{{- define "bp.svc" -}}
{{- printf "%s.%s.svc.%s" (index . 0) (index . 1) (index . 2) -}}
{{- end -}}

{{/* The PostgreSQL profile, checked: cloudnative-pg or bitnami. */}}
{{- define "bp.pgProfile" -}}
{{- $p := .Values.postgresql.profile -}}
{{- if not (has $p (list "cloudnative-pg" "bitnami")) -}}
{{- fail (printf "postgresql.profile must be cloudnative-pg or bitnami, not %v" $p) -}}
{{- end -}}
{{- $p -}}
{{- end -}}

{{/* The read-write host: CloudNativePG's <cluster>-rw (always the primary), bitnami's <fullname>-primary. */}}
{{- define "bp.pgPrimaryHost" -}}
{{- $svc := ternary (printf "%s-rw" .Values.postgresql.cluster) (printf "%s-primary" .Values.postgresql.fullname) (eq (include "bp.pgProfile" .) "cloudnative-pg") -}}
{{- include "bp.svc" (list $svc .Values.namespaces.postgres .Values.clusterDomain) -}}
{{- end -}}

{{/* The read-only host: CloudNativePG's <cluster>-ro (the standbys), bitnami's <fullname>-read. */}}
{{- define "bp.pgReadHost" -}}
{{- $svc := ternary (printf "%s-ro" .Values.postgresql.cluster) (printf "%s-read" .Values.postgresql.fullname) (eq (include "bp.pgProfile" .) "cloudnative-pg") -}}
{{- include "bp.svc" (list $svc .Values.namespaces.postgres .Values.clusterDomain) -}}
{{- end -}}

{{- define "bp.redisSentinelHost" -}}
{{- include "bp.svc" (list .Values.redis.fullname .Values.namespaces.redis .Values.clusterDomain) -}}
{{- end -}}

{{- define "bp.kongProxyHost" -}}
{{- include "bp.svc" (list (printf "%s-proxy" .Values.kong.fullname) .Values.namespaces.kong .Values.clusterDomain) -}}
{{- end -}}

{{- define "bp.kongAdminUrl" -}}
{{- printf "http://%s:%v" (include "bp.svc" (list (printf "%s-admin" .Values.kong.fullname) .Values.namespaces.kong .Values.clusterDomain)) .Values.kong.adminPort -}}
{{- end -}}

{{- define "bp.labels" -}}
app.kubernetes.io/part-of: banking-platform
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Annotations of what runs before (pre) or after (post) the deploy: a Helm hook and an Argo CD hook, the same
     weight ordering both. Arguments: the context, the Helm hook, the weight, the Argo CD hook phase. */}}
{{- define "bp.hook" -}}
{{- $ctx := index . 0 -}}
{{- if $ctx.Values.hooks }}
annotations:
  helm.sh/hook: {{ index . 1 }}
  helm.sh/hook-weight: {{ index . 2 | quote }}
  helm.sh/hook-delete-policy: before-hook-creation   # kept after it ran: its log and status stay readable
  argocd.argoproj.io/hook: {{ index . 3 }}
  argocd.argoproj.io/hook-delete-policy: BeforeHookCreation
  argocd.argoproj.io/sync-wave: {{ index . 2 | quote }}
{{- end }}
{{- end -}}

{{/* The restricted Pod Security profile, for the kit's containers. */}}
{{- define "bp.containerSecurity" -}}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities:
    drop: [ALL]
{{- end -}}

{{- define "bp.podSecurity" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: {{ . }}
  runAsGroup: {{ . }}
  seccompProfile:
    type: RuntimeDefault
{{- end -}}
