table 'Queues' "
SELECT q.name AS queue, q.description,
       q.service_level_seconds AS \"service level (s)\",
       count(a.id) FILTER (WHERE a.state = 'available') || ' / ' || count(a.id) AS \"agents available\",
       (SELECT count(*) FROM callbacks c WHERE c.queue_id = q.id AND c.status = 'pending') AS \"pending callbacks\",
       q.greeting_prompt AS greeting
  FROM queues q LEFT JOIN agents a ON a.queue_id = q.id
 GROUP BY q.id ORDER BY q.name"
