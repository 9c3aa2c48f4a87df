<?php
$_SERVER['HTTP_HOST'] = '127.0.0.1';
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/taxonomy.php';
update_option('permalink_structure', '/%year%/%monthnum%/%postname%/');
$cats = ['Pontianak' => 0, 'Kubu Raya' => 0, 'Olahraga' => 0, 'Hukum & Kriminal' => 0, 'Sambas' => 0];
foreach ($cats as $n => $_) { $cats[$n] = wp_create_category($n); }
$kalbar = wp_create_category('Kalbar');
wp_update_term($cats['Sambas'], 'category', ['parent' => $kalbar]);
$words = ['warga', 'pemerintah', 'kota', 'jembatan', 'sungai', 'Kapuas', 'pasar', 'sekolah', 'banjir', 'festival', 'jalan', 'pelabuhan'];
for ($i = 0; $i < 30; $i++) {
  $names = array_keys($cats);
  $c = $cats[$names[$i % count($names)]];
  $body = '';
  for ($p = 0; $p < 4; $p++) { shuffle($words); $body .= '<p>' . ucfirst(implode(' ', array_slice($words, 0, 9))) . '. Hal ini disampaikan pada Senin pagi 😀 di Pontianak.</p>'; }
  wp_insert_post(['post_title' => "Berita “lokal” nomor $i: " . $names[$i % count($names)], 'post_content' => $body,
    'post_status' => 'publish', 'post_category' => [$c], 'tags_input' => ["tag$i"],
    'post_date' => date('Y-m-d H:i:s', time() - $i * 3600)]);
}
flush_rewrite_rules();
echo "ok\n";
