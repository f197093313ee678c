// Incidents as PagerDuty's List incidents returns them (fixtures/sources/pagerduty/README.md), for
// the emulator's synthetic recordings.

export type Json = Record<string, unknown>;

/** An Incident as List incidents returns it (the documented example, fixtures/upstream/pagerduty/list-incidents.example.json, with the fields that vary). */
export function pagerDutyIncident(fields: { id: string; number: number; title: string; createdAt: string; resolvedAt?: string; serviceId: string; serviceName: string; urgency?: string }): Json {
  const resolved = fields.resolvedAt !== undefined;
  return {
    id: fields.id,
    type: "incident",
    summary: `[#${fields.number}] ${fields.title}`,
    self: `https://api.pagerduty.com/incidents/${fields.id}`,
    html_url: `https://subdomain.pagerduty.com/incidents/${fields.id}`,
    incident_number: fields.number,
    title: fields.title,
    created_at: fields.createdAt,
    updated_at: fields.resolvedAt ?? fields.createdAt,
    status: resolved ? "resolved" : "triggered",
    incident_key: `key-${fields.id}`,
    service: { id: fields.serviceId, type: "service_reference", summary: fields.serviceName, self: `https://api.pagerduty.com/services/${fields.serviceId}` },
    assignments: [],
    assigned_via: "escalation_policy",
    last_status_change_at: fields.resolvedAt ?? fields.createdAt,
    resolved_at: fields.resolvedAt ?? null,
    urgency: fields.urgency ?? "high",
    priority: null,
  };
}
