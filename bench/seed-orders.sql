-- The console-at-scale data set: :orders orders over the year before :end, written straight by
-- generate_series into the migrated schema (bench/console-at-scale.ts runs this file with its
-- variables :orders and :'end' substituted before it is sent as one script, one transaction). Deterministic: every value is a
-- function of the order's number g, so two seeds make the same data.
--
-- Shape: 70 % paid, 17 % expired, 6 % pending (the newest), 3 % cancelled, 2 % failed, 1 % underpaid,
-- 1 % reversed; about 0.4 % need attention (underpaid, reversed, some paid late). Both stores; five
-- providers; one code per order, a second one (failover or renewal) for every tenth. 1–3 items per
-- order, 3–5 timeline events, and a signed webhook delivery for every paid order.

CREATE TEMP TABLE seed ON COMMIT DROP AS
SELECT
  g,
  'ord_' || substr(md5('o' || g), 1, 20) AS id,
  (timestamp :'end' - ((:orders - g) * interval '31.5 seconds') - ((g::bigint * 7919) % 29) * interval '1 second')::timestamp(3) AS created,
  CASE
    WHEN g > :orders * 0.94 THEN (CASE WHEN g % 50 = 0 THEN 'expired' ELSE 'pending' END)
    WHEN g % 100 < 70 THEN 'paid'
    WHEN g % 100 < 87 THEN 'expired'
    WHEN g % 100 < 90 THEN 'cancelled'
    WHEN g % 100 < 92 THEN 'failed'
    WHEN g % 100 < 93 THEN 'underpaid'
    WHEN g % 100 < 94 THEN 'reversed'
    ELSE 'paid'
  END::"OrderStatus" AS status,
  (ARRAY['midtrans','monxa','doku','fazz','martis'])[1 + (g * 31) % 5] AS provider,
  (ARRAY['midtrans','monxa','doku','fazz','martis'])[1 + (g * 31 + 1) % 5] AS first_provider,
  CASE WHEN (g * 13) % 2 = 0 THEN 'alfamart' ELSE 'indomaret' END::"Store" AS store,
  (ARRAY['Siti','Budi','Dewi','Agus','Rina','Andi','Putri','Joko','Ayu','Rizky','Wahyu','Indah','Fajar','Lestari','Dimas','Nur','Yusuf','Ratna','Hendra','Maya',
         'Bayu','Sri','Eko','Fitri','Arif','Wulan','Teguh','Intan','Reza','Citra','Adi','Kartika','Bambang','Nadia','Gilang','Anisa','Rudi','Mega','Taufik','Yuni'])[1 + (g * 7) % 40] AS first_name,
  (ARRAY['Rahayu','Santoso','Wijaya','Saputra','Lestari','Hidayat','Kurniawan','Pratama','Susanto','Setiawan','Nugroho','Purnomo','Hasanah','Siregar','Nasution','Lubis',
         'Simanjuntak','Sihombing','Hutapea','Wibowo','Gunawan','Halim','Tanjung','Harahap','Permana','Suryadi','Utomo','Kusuma','Firmansyah','Ramadhan','Maulana','Syahputra',
         'Hakim','Irawan','Sembiring','Ginting','Tarigan','Manurung','Panjaitan','Sinaga'])[1 + ((g / 40) * 11 + g) % 40] AS last_name,
  (ARRAY['gmail.com','yahoo.co.id','gmail.com','outlook.com','gmail.com','ymail.com','hotmail.com','gmail.com'])[1 + (g * 3) % 8] AS domain,
  10000 + ((g::bigint * 104729) % 1990) * 1000 AS amount,
  -- From the code to its payment: 10 minutes to a day, to the second, so medians sort real spreads.
  (10 + (g::bigint * 37) % 1430) * interval '1 minute' + (g % 60) * interval '1 second' AS paid_after
FROM generate_series(1, :orders) AS g;

INSERT INTO "Order" ("id", "publicId", "reference", "status", "amount", "currency", "store", "source", "customerName", "customerEmail",
  "customerPhone", "description", "expiryMinutes", "returnUrl", "locale", "needsAttention", "paidAt", "createdAt", "updatedAt")
SELECT id, substr(md5('p' || g), 1, 22), 'INV-' || to_char(created, 'YYMM') || '-' || lpad(g::text, 7, '0'), status, amount, 'IDR', store,
  CASE WHEN g % 3 = 0 THEN 'shop' ELSE 'api' END,
  first_name || ' ' || last_name,
  lower(first_name || '.' || last_name || (g % 1000)) || '@' || domain,
  '08' || (ARRAY['11','12','13','21','22','52','53','55','56','57','58','77','78','81','95','96'])[1 + (g * 17) % 16] || lpad(((g::bigint * 2654435761) % 100000000)::text, 8, '0'),
  'Pesanan ' || lpad(g::text, 7, '0'), 1440, NULL, CASE WHEN g % 10 = 0 THEN 'en' ELSE 'id' END,
  status IN ('underpaid', 'reversed') OR (status = 'paid' AND g % 997 = 0),
  CASE WHEN status IN ('paid', 'underpaid', 'reversed') THEN created + paid_after END,
  created, created + paid_after
FROM seed;

INSERT INTO "OrderItem" ("id", "orderId", "position", "sku", "name", "unitPrice", "quantity")
SELECT 'itm_' || substr(md5('i' || g || '-' || p), 1, 20), id, p, 'SKU-' || (1 + (g + p) % 40),
  (ARRAY['Kopi Gayo 250 g','Teh Melati','Sambal Bawang','Keripik Singkong','Rendang Kaleng','Batik Tulis','Madu Hutan','Gula Aren'])[1 + (g + p) % 8],
  CASE WHEN p = 1 THEN amount - (n - 1) * 5000 ELSE 5000 END, 1
FROM (SELECT g, id, amount, 1 + g % 3 AS n FROM seed) s, generate_series(1, n) AS p;

-- Every tenth order first failed over (or had its code renewed): attempt 1 is closed, attempt 2 is current.
INSERT INTO "Charge" ("id", "orderId", "attempt", "provider", "store", "reference", "idempotencyKey", "status", "amount", "providerChargeId",
  "paymentCode", "expiresAt", "paidAt", "paidAmount", "providerStatus", "failureReason", "notifiedChecks", "createdAt", "updatedAt")
SELECT 'chg_' || substr(md5('c' || g || '-' || a), 1, 20), id, a, CASE WHEN a = n THEN provider ELSE first_provider END, store,
  'GR' || substr(md5('r' || g || '-' || a), 1, 18), 'idem_' || md5('k' || g || '-' || a),
  CASE WHEN a < n THEN (CASE WHEN g % 20 = 0 THEN 'expired' ELSE 'not_issued' END)
       WHEN status IN ('paid', 'underpaid') THEN 'paid' ELSE status::text END::"ChargeStatus",
  amount, CASE WHEN a < n AND g % 20 <> 0 THEN NULL ELSE 'pc_' || substr(md5('x' || g || '-' || a), 1, 16) END,
  CASE WHEN a < n AND g % 20 <> 0 THEN NULL
       -- Each provider's code shape: digits, or Crockford-style upper case letters and digits.
       ELSE CASE (CASE WHEN a = n THEN provider ELSE first_provider END)
         WHEN 'doku' THEN CASE WHEN store = 'alfamart' THEN '8888' ELSE '7777' END || translate(substr(md5('d' || g || '-' || a), 1, 12), 'abcdef', '012345')
         WHEN 'midtrans' THEN translate(substr(md5('m' || g || '-' || a), 1, 14), 'abcdef', '012345')
         ELSE upper(translate(substr(md5('y' || g || '-' || a), 1, 16), 'ilou', 'wxyz'))
       END END,
  created + interval '1 day', CASE WHEN a = n AND status IN ('paid', 'underpaid', 'reversed') THEN created + paid_after END,
  CASE WHEN a = n AND status = 'underpaid' THEN amount - 5000 WHEN a = n AND status IN ('paid', 'reversed') THEN amount END,
  CASE WHEN a = n AND status IN ('paid', 'underpaid') THEN 'settlement' END,
  CASE WHEN a < n AND g % 20 <> 0 THEN 'provider unavailable (timeout)' END, 0, created, created + paid_after
FROM (SELECT *, CASE WHEN g % 10 = 0 THEN 2 ELSE 1 END AS n FROM seed) s, generate_series(1, n) AS a;

INSERT INTO "WebhookDelivery" ("id", "provider", "receivedAt", "path", "headers", "rawBody", "verified", "eventKey", "chargeId", "orderId", "outcome", "processedAt")
SELECT 'whd_' || substr(md5('w' || g), 1, 20), provider, created + paid_after, '/api/webhooks/' || provider,
  jsonb_build_object('content-type', 'application/json', 'user-agent', provider || '-webhooks/1.0'),
  json_build_object('order_id', 'INV-' || lpad(g::text, 7, '0'), 'transaction_status', 'settlement', 'gross_amount', amount::text || '.00',
    'payment_type', 'cstore', 'store', store, 'signature_key', md5('s' || g) || md5('t' || g))::text,
  true, 'settlement:' || g, 'chg_' || substr(md5('c' || g || '-' || CASE WHEN g % 10 = 0 THEN 2 ELSE 1 END), 1, 20), id, 'applied', created + paid_after
FROM seed WHERE status IN ('paid', 'underpaid', 'reversed');

INSERT INTO "OrderEvent" ("id", "orderId", "at", "type", "fromStatus", "toStatus", "chargeId", "deliveryId", "message", "data")
SELECT 'evt_' || substr(md5('e' || g || '-' || e), 1, 20), id, created + (e - 1) * interval '1 second' + CASE WHEN e >= 3 THEN paid_after ELSE interval '0' END,
  CASE e WHEN 1 THEN 'order_created' WHEN 2 THEN 'charge_issued' WHEN 3 THEN 'webhook_received' ELSE 'status_changed' END,
  CASE WHEN e = 4 THEN 'pending'::"OrderStatus" END, CASE WHEN e = 4 THEN status END, NULL,
  CASE WHEN e = 3 THEN 'whd_' || substr(md5('w' || g), 1, 20) END,
  CASE e WHEN 1 THEN 'Order created' WHEN 2 THEN 'Code issued by ' || provider WHEN 3 THEN 'Webhook verified' ELSE 'Status changed to ' || status END,
  CASE WHEN e = 2 THEN jsonb_build_object('provider', provider, 'store', store) END
FROM seed, generate_series(1, 4) AS e
WHERE e <= 2 OR status <> 'pending' AND (e = 4 OR status IN ('paid', 'underpaid', 'reversed'));
