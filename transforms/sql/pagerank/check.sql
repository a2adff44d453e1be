SELECT
    count(*)::BIGINT,
    count(*) FILTER (WHERE NOT coalesce(weight > 0 AND isfinite(weight), false))::BIGINT
FROM {{ edges }}
