// The webhooks' SQL, in the form both SQLite and PostgreSQL accept (`@name`
// or `?` parameters, never both in one query; ISO-8601 text timestamps, which
// sort in time order; 0/1 booleans), so the PostgreSQL store runs the same
// texts. Deliveries move pending → delivered | failed | canceled; a claim
// (claim, claimed_until) makes a pending delivery one sender's until it
// records an attempt or the claim lapses.
export const WQ = {
  addWebhook: `INSERT INTO webhooks (id, active, post_url, api_key, secret, algorithm, event_name, event_version, created_at, updated_at)
    VALUES (@id, @active, @postUrl, @apiKey, @secret, @algorithm, @eventName, @eventVersion, @createdAt, @updatedAt)`,
  webhook: `SELECT * FROM webhooks WHERE id = ? AND deleted_at IS NULL`,
  webhookWithDeleted: `SELECT * FROM webhooks WHERE id = ?`,
  webhooks: `SELECT * FROM webhooks WHERE deleted_at IS NULL ORDER BY created_at, id`,
  updateWebhook: `UPDATE webhooks SET active = COALESCE(@active, active), post_url = COALESCE(@postUrl, post_url), api_key = COALESCE(@apiKey, api_key),
    secret = COALESCE(@secret, secret), algorithm = COALESCE(@algorithm, algorithm), event_name = COALESCE(@eventName, event_name),
    event_version = COALESCE(@eventVersion, event_version), updated_at = @updatedAt WHERE id = @id AND deleted_at IS NULL`,
  deleteWebhook: `UPDATE webhooks SET deleted_at = @at, active = 0 WHERE id = @id AND deleted_at IS NULL`,
  /** Run when a webhook is turned off or deleted, in the same transaction. */
  cancelDeliveries: `UPDATE webhook_deliveries SET state = 'canceled', done_at = @at WHERE webhook_id = @id AND state = 'pending'`,

  // The outbox, written inside the transaction of the change that caused the event.
  subscribers: `SELECT id FROM webhooks WHERE event_name = ? AND event_version = ? AND active = 1 AND deleted_at IS NULL`,
  addEvent: `INSERT INTO webhook_events (id, name, version, body, created_at) VALUES (@id, @name, @version, @body, @createdAt)`,
  addDelivery: `INSERT INTO webhook_deliveries (id, event_id, webhook_id, state, attempts, next_attempt_at) VALUES (@id, @eventId, @webhookId, 'pending', 0, @at)`,

  /**
   * One statement, so two senders (or two instances on one database) never claim the same
   * delivery: the outer conditions are checked again on each row as it is updated. The
   * PostgreSQL store adds FOR UPDATE OF d SKIP LOCKED to the inner SELECT (postgres-webhooks.ts)
   * so concurrent claims pass over each other's rows instead of waiting.
   */
  claim: `UPDATE webhook_deliveries SET claim = @claim, claimed_until = @until
    WHERE id IN (SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
        WHERE d.state = 'pending' AND d.next_attempt_at <= @now AND (d.claimed_until IS NULL OR d.claimed_until <= @now)
          AND w.active = 1 AND w.deleted_at IS NULL
        ORDER BY d.next_attempt_at LIMIT @limit)
      AND state = 'pending' AND (claimed_until IS NULL OR claimed_until <= @now)
    RETURNING id`,
  claimed: `SELECT d.id, d.claim, d.attempts, e.id AS event_id, e.name AS event_name, e.version AS event_version, e.body AS event_body,
      e.created_at AS event_created_at, w.id AS webhook_id, w.post_url, w.api_key, w.secret, w.algorithm
    FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id JOIN webhooks w ON w.id = d.webhook_id
    WHERE d.claim = ? ORDER BY d.next_attempt_at`,
  /** Only a delivery still pending and still held by this claim moves (a webhook turned off meanwhile stays canceled). */
  moveDelivery: `UPDATE webhook_deliveries SET state = @state, attempts = attempts + 1, next_attempt_at = COALESCE(@nextAttemptAt, next_attempt_at),
    claim = NULL, claimed_until = NULL, done_at = @doneAt WHERE id = @id AND claim = @claim AND state = 'pending'`,

  addResult: `INSERT INTO webhook_results (id, webhook_id, delivery_id, attempt, sent_on, request_headers, request_body, response_status,
      response_headers, response_body, error, completed_in_ms, is_success)
    VALUES (@id, @webhookId, @deliveryId, @attempt, @sentOn, @requestHeaders, @requestBody, @responseStatus, @responseHeaders,
      @responseBody, @error, @completedInMs, @isSuccess)`,
  results: `SELECT * FROM webhook_results WHERE webhook_id = ? ORDER BY sent_on DESC, id DESC LIMIT ?`,

  pruneResults: `DELETE FROM webhook_results WHERE sent_on < ?`,
  pruneEvents: `DELETE FROM webhook_events WHERE created_at < ?
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = webhook_events.id AND d.state = 'pending')`,
  pruneWebhooks: `DELETE FROM webhooks WHERE deleted_at IS NOT NULL AND deleted_at < ?`,
} as const;
