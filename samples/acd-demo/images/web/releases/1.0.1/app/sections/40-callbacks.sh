# 1.0.1: callbacks show their priority (migration 002) and are listed most urgent first.
table 'Callbacks' "
SELECT c.id, q.name AS queue, c.priority, c.caller_number AS caller,
       to_char(c.requested_at, 'YYYY-MM-DD HH24:MI') AS requested, c.status,
       to_char(c.processed_at, 'YYYY-MM-DD HH24:MI:SS') AS processed, c.processed_by AS \"processed by\", c.result
  FROM callbacks c JOIN queues q ON q.id = c.queue_id
 ORDER BY c.status DESC, c.priority, c.requested_at, c.id
 LIMIT 50"
