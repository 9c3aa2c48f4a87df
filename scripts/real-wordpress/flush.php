<?php
$_SERVER['HTTP_HOST'] = '127.0.0.1';
require '/usr/share/wordpress/wp-load.php';
global $wp_rewrite; $wp_rewrite->init(); $wp_rewrite->flush_rules(false); echo get_option('permalink_structure'), "\n";
