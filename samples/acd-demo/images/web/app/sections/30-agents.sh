table 'Agents' "
SELECT a.login, a.display_name AS name, a.extension, q.name AS queue, a.state
  FROM agents a LEFT JOIN queues q ON q.id = a.queue_id
 ORDER BY q.name, a.login"
