<?php
// Signs one GET with morapi_strong_signature() and prints the answer's body:
//   php clients/php/call.php http://127.0.0.1:8080/billing/api/did_create secret3 \
//       u=user did=37060000001 provider_id=2
// MORAPI_TS and MORAPI_NONCE, when set, replace the current time and a random nonce.
require __DIR__ . '/morapi_signer.php';

[$url, $secret] = [$argv[1], $argv[2]];
$params = [];
foreach (array_slice($argv, 3) as $pair) {
    [$name, $value] = explode('=', $pair, 2);
    $params[$name] = $value;
}
$method = basename(parse_url($url, PHP_URL_PATH));
$ts = getenv('MORAPI_TS');
$nonce = getenv('MORAPI_NONCE');
$headers = morapi_strong_signature($secret, 'GET', $method, $params,
                                   $ts === false ? null : (int)$ts, $nonce === false ? null : $nonce);
$lines = [];
foreach ($headers as $name => $value) $lines[] = "$name: $value";
$context = stream_context_create(['http' => ['header' => implode("\r\n", $lines),
                                             'ignore_errors' => true]]);
echo file_get_contents($url . '?' . http_build_query($params, '', '&', PHP_QUERY_RFC3986), false,
                       $context);
