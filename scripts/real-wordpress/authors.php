<?php
// Writers for the seeded posts, each with the line about them an author's box shows: the posts
// are shared out among them in turn (run after seed.php; running it again changes nothing).
$_SERVER['HTTP_HOST'] = '127.0.0.1';
require '/usr/share/wordpress/wp-load.php';
$writers = [
  ['jauhari', 'Jauhari Fatria', 'Saya penulis pemula, menulis dari Pontianak tentang kota dan sungainya.'],
  ['rinam', 'Rina Marlina', 'Wartawan ekonomi; pasar, harga karet dan sawit di Kalimantan Barat.'],
  ['andis', 'Andi Saputra', 'Meliput olahraga dan hukum, kadang <b>berita</b> dari Sambas.'],
];
$ids = [];
foreach ($writers as [$login, $name, $about]) {
  $user = get_user_by('login', $login);
  $id = $user ? $user->ID : wp_insert_user(['user_login' => $login, 'user_pass' => wp_generate_password(),
    'user_email' => "$login@example.org", 'role' => 'author']);
  wp_update_user(['ID' => $id, 'display_name' => $name, 'nickname' => $name, 'description' => $about]);
  $ids[] = $id;
}
$admin = get_user_by('login', 'admin');
wp_update_user(['ID' => $admin->ID, 'description' => 'Redaksi Kalbar Lokal: kabar dari 14 kabupaten dan kota.']);
$posts = get_posts(['numberposts' => -1, 'post_status' => 'publish', 'orderby' => 'ID', 'order' => 'ASC']);
foreach ($posts as $i => $post) {
  $author = $i % 4 === 3 ? $admin->ID : $ids[$i % 3];
  if ((int) $post->post_author !== $author) { wp_update_post(['ID' => $post->ID, 'post_author' => $author]); }
}
echo "ok\n";
