#!/usr/bin/env bash
# A real WordPress 6.1 (Debian's package) behind Apache on http://127.0.0.1:8080, for trying
# kalbartui against the real thing by hand. Needs root and Debian's package registry.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"  # scripts/real-wordpress
command -v apache2ctl >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -q wordpress mariadb-server apache2 libapache2-mod-php php-mysql; }
pgrep -x mariadbd >/dev/null || pgrep -x mysqld >/dev/null || { (mysqld_safe >/tmp/mysqld.log 2>&1 &); sleep 5; }
mysql -e "CREATE DATABASE IF NOT EXISTS wordpress; CREATE USER IF NOT EXISTS 'wp'@'localhost' IDENTIFIED BY 'wp'; GRANT ALL ON wordpress.* TO 'wp'@'localhost'; FLUSH PRIVILEGES;"
for host in 127.0.0.1 localhost; do cat > /etc/wordpress/config-$host.php <<'PHP'
<?php
define('DB_NAME', 'wordpress'); define('DB_USER', 'wp'); define('DB_PASSWORD', 'wp'); define('DB_HOST', 'localhost');
define('WP_CONTENT_DIR', '/var/lib/wordpress/wp-content');
define('WP_HOME', 'http://127.0.0.1:8080'); define('WP_SITEURL', 'http://127.0.0.1:8080');
PHP
done
cat > /etc/apache2/sites-available/wp.conf <<'CONF'
Listen 127.0.0.1:8080
<VirtualHost 127.0.0.1:8080>
  DocumentRoot /usr/share/wordpress
  Alias /wp-content /var/lib/wordpress/wp-content
  <Directory /usr/share/wordpress>
    Options FollowSymLinks
    AllowOverride All
    Require all granted
  </Directory>
  <Directory /var/lib/wordpress/wp-content>
    Require all granted
  </Directory>
</VirtualHost>
CONF
cp "$here/htaccess" /usr/share/wordpress/.htaccess
a2ensite wp >/dev/null; a2enmod rewrite >/dev/null
apache2ctl -k restart 2>/dev/null || apache2ctl start
sleep 1
curl -s -o /dev/null -X POST "http://127.0.0.1:8080/wp-admin/install.php?step=2" --data-urlencode "weblog_title=Kalbar Lokal" \
  --data "user_name=admin&admin_password=adminpw123&admin_password2=adminpw123&pw_weak=1&admin_email=admin@example.org&blog_public=0"
php "$here/seed.php" && php "$here/flush.php"
echo "WordPress at http://127.0.0.1:8080/ (feed: /feed/, REST: /wp-json/wp/v2/categories)"
