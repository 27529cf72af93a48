-- 1.0.1: callbacks get a priority (1 = most urgent), and a new VIP queue.
ALTER TABLE callbacks ADD COLUMN priority smallint NOT NULL DEFAULT 3
  CONSTRAINT callbacks_priority_check CHECK (priority BETWEEN 1 AND 5);
UPDATE callbacks SET priority = 2
 WHERE queue_id = (SELECT id FROM queues WHERE name = 'Billing');
INSERT INTO queues (name, description, greeting_prompt, service_level_seconds)
VALUES ('VIP', 'Premium customers: callback within 5 minutes', 'greeting-main.txt', 10);
