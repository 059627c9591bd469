-- Alert messages in the outbox (SQLite) per brand, with how many reached each channel.
SELECT m.brand_id,
       count(DISTINCT m.key)                                                     AS messages,
       count(DISTINCT CASE WHEN d.state = 'delivered' THEN d.key || d.channel END) AS deliveries
FROM messages AS m
LEFT JOIN deliveries AS d ON d.key = m.key
GROUP BY m.brand_id
ORDER BY m.brand_id
