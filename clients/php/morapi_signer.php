<?php
// morapi's strong signature (README "Strong signatures"), for PHP clients.
//
//   $headers = morapi_strong_signature('secret3', 'GET', 'did_create',
//       ['u' => 'user', 'did' => '37060000001', 'provider_id' => '2']);
//
// Send $params as the query (or form body) and $headers with the request. Each call makes a new
// nonce: a retry needs a new signature (and the same Idempotency-Key, to get the first answer
// rather than a second operation).

// The signed text: four lines, then NAME=VALUE per parameter (RFC 3986), sorted bytewise.
function morapi_canonical_string(string $httpMethod, string $apiMethod, int $timestamp,
                                 string $nonce, array $params): string {
    $lines = [];
    foreach ($params as $name => $value) {
        if ((string)$name === 'hash') continue;
        $lines[] = rawurlencode((string)$name) . '=' . rawurlencode((string)$value);
    }
    sort($lines, SORT_STRING);
    return implode("\n", array_merge([$httpMethod, $apiMethod, (string)$timestamp, $nonce], $lines));
}

// X-Morapi-Timestamp, X-Morapi-Nonce and X-Morapi-Signature for one request.
function morapi_strong_signature(string $secret, string $httpMethod, string $apiMethod,
                                 array $params, ?int $timestamp = null, ?string $nonce = null): array {
    $timestamp = $timestamp ?? time();
    $nonce = $nonce ?? bin2hex(random_bytes(16));
    $text = morapi_canonical_string($httpMethod, $apiMethod, $timestamp, $nonce, $params);
    return [
        'X-Morapi-Timestamp' => (string)$timestamp,
        'X-Morapi-Nonce' => $nonce,
        'X-Morapi-Signature' => hash_hmac('sha256', $text, $secret),
    ];
}
