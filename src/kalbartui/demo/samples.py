"""The demo's sample content: fictional local news of Kalimantan Barat, written for kalbartui.

Every person, quote and figure below is invented. Ages are minutes before the demo's "now",
spread so that every kind of relative time shows in the list. Bodies are HTML as WordPress's
block editor writes it; nothing here names a weekday or a date, since the dates move with "now".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sample:
    """One demo article, written for the demo."""

    title: str
    author: str
    age: int  # minutes before the demo's "now"
    categories: tuple[str, ...]  # the feed categories it belongs to, then WordPress tags
    body: str  # HTML


# Sidebar order of the KalbarOnline category feeds.
CATEGORIES: tuple[str, ...] = (
    "Pontianak",
    "Kubu Raya",
    "Singkawang",
    "Ekonomi",
    "Olahraga",
    "Pendidikan",
)

ARTICLES: tuple[Sample, ...] = (
    # ------------------------------------------------------------------ Pontianak
    Sample(
        title="Air Pasang Sungai Kapuas Genangi Sejumlah Ruas Jalan di Pontianak Utara",
        author="Rizky Ananda",
        age=0,
        categories=("Pontianak", "Sungai Kapuas"),
        body="""
<p>Air pasang Sungai Kapuas kembali menggenangi sejumlah ruas jalan di Kecamatan Pontianak Utara pagi ini. Genangan setinggi mata kaki hingga betis orang dewasa terlihat di Jalan Khatulistiwa dan beberapa gang di Kelurahan Siantan Hulu.</p>

<p>Warga yang rumahnya berada di tepi parit mengaku sudah bersiap sejak malam. “Barang elektronik sudah kami angkat ke tempat yang lebih tinggi. Setiap bulan purnama memang begini,” kata Hasanah, warga setempat.</p>

<p>Badan Penanggulangan Bencana Daerah (BPBD) Kota Pontianak mengimbau pengendara roda dua berhati-hati karena sebagian lubang jalan tertutup air. Petugas disiagakan di titik-titik rawan untuk membantu kendaraan yang mogok.</p>

<p>Puncak pasang diperkirakan terjadi menjelang siang, lalu air surut perlahan pada sore hari. Perkembangan terbaru dapat diikuti di <a href="https://www.kalbaronline.com/tag/sungai-kapuas/">kanal Sungai Kapuas</a>.</p>
""",
    ),
    Sample(
        title="Taman Alun Kapuas Ditata Ulang, Pedagang Kaki Lima Dapat Lapak Baru",
        author="Nurul Aini",
        age=35,
        categories=("Pontianak", "Pemerintahan"),
        body="""
<p>Pemerintah Kota Pontianak mulai menata ulang kawasan Taman Alun Kapuas di tepi Sungai Kapuas. Penataan difokuskan pada jalur pejalan kaki, penerangan, dan lapak bagi pedagang kaki lima yang selama ini berjualan di bahu jalan.</p>

<p>Sebanyak <strong>48 lapak baru</strong> disiapkan dengan atap seragam dan sambungan listrik masing-masing. Pedagang yang sudah terdata akan mendapat nomor lapak melalui undian terbuka.</p>

<blockquote class="wp-block-quote"><p>Kami ingin taman ini nyaman untuk keluarga, tetapi pedagang juga tetap bisa mencari nafkah. Dua-duanya harus jalan.</p><cite>Ratna Dewi, Kepala Bidang Pertamanan</cite></blockquote>

<p>Selama penataan berlangsung, pedagang dipindahkan sementara ke area parkir sisi barat. Pekerjaan ditargetkan rampung dalam enam pekan.</p>
""",
    ),
    Sample(
        title="Kulminasi Matahari di Tugu Khatulistiwa Diperkirakan Tarik Ribuan Pengunjung",
        author="Agustinus Dedi",
        age=215,
        categories=("Pontianak", "Tugu Khatulistiwa", "Wisata"),
        body="""
<p>Fenomena kulminasi matahari, ketika matahari tepat berada di atas garis khatulistiwa sehingga bayangan benda tegak seolah menghilang, kembali menjadi magnet wisata di Tugu Khatulistiwa, Pontianak Utara. Pengelola memperkirakan ribuan pengunjung datang selama rangkaian acara.</p>

<figure class="wp-block-image size-large"><img src="https://www.kalbaronline.com/wp-content/uploads/demo/tugu-khatulistiwa-kulminasi.jpg" alt="Pengunjung mengamati tongkat tanpa bayangan di halaman Tugu Khatulistiwa" width="1024" height="683" /><figcaption>Pengunjung mengamati tongkat tanpa bayangan di halaman Tugu Khatulistiwa.</figcaption></figure>

<h2>Rangkaian acara</h2>

<ul>
<li>Pengamatan bayangan bersama pemandu setiap siang</li>
<li>Pertunjukan musik dan tari tradisional Melayu dan Dayak</li>
<li>Pameran foto sejarah tugu</li>
<li>Bazar kuliner dan kerajinan UMKM</li>
</ul>

<p>Pengunjung diminta datang lebih awal karena area parkir terbatas. Panitia menyediakan <em>shuttle</em> gratis dari kawasan Jalan Khatulistiwa. Jadwal lengkap ada di <a href="https://www.kalbaronline.com/tag/tugu-khatulistiwa/">laman Tugu Khatulistiwa</a>.</p>
""",
    ),
    Sample(
        title="Dinas Kesehatan Pontianak Gelar Imunisasi Keliling di Enam Kecamatan",
        author="Siti Rahmawati",
        age=650,
        categories=("Pontianak", "Kesehatan"),
        body="""
<p>Dinas Kesehatan Kota Pontianak menggelar imunisasi keliling untuk balita dan anak sekolah dasar di enam kecamatan. Kegiatan ini menyasar anak-anak yang belum melengkapi imunisasi dasar maupun lanjutan.</p>

<h2>Jadwal dan lokasi</h2>

<figure class="wp-block-table"><table><thead><tr><th>Kecamatan</th><th>Lokasi</th><th>Waktu</th></tr></thead><tbody>
<tr><td>Pontianak Kota</td><td>Aula kantor camat</td><td>Hari pertama, 08.00–12.00</td></tr>
<tr><td>Pontianak Barat</td><td>Posyandu Melati</td><td>Hari pertama, 13.00–16.00</td></tr>
<tr><td>Pontianak Selatan</td><td>Balai pertemuan warga</td><td>Hari kedua, 08.00–12.00</td></tr>
<tr><td>Pontianak Tenggara</td><td>Posyandu Kenanga</td><td>Hari kedua, 13.00–16.00</td></tr>
<tr><td>Pontianak Timur</td><td>Aula kantor lurah</td><td>Hari ketiga, 08.00–12.00</td></tr>
<tr><td>Pontianak Utara</td><td>Posyandu Anggrek</td><td>Hari ketiga, 13.00–16.00</td></tr>
</tbody></table></figure>

<p>Orang tua diminta membawa buku KIA atau kartu imunisasi anak. Petugas akan mencatat riwayat imunisasi dan memberikan jadwal lanjutan bila diperlukan.</p>

<p>“Masih ada anak yang tertinggal jadwal karena orang tuanya bekerja. Karena itu kami yang mendatangi mereka,” kata dr. Fransiska Amelia, pengelola program imunisasi.</p>
""",
    ),
    Sample(
        title="Perbaikan Jembatan Kapuas I, Lalu Lintas Dialihkan pada Malam Hari",
        author="Rizky Ananda",
        age=1560,
        categories=("Pontianak", "Sungai Kapuas"),
        body="""
<p>Perbaikan sambungan lantai Jembatan Kapuas I mulai dikerjakan. Untuk mengurangi kemacetan, pekerjaan dilakukan pada malam hari pukul 22.00 hingga 05.00 WIB.</p>

<p>Selama perbaikan, satu lajur ditutup bergantian. Kendaraan berat diarahkan melintasi Jembatan Kapuas II, sementara petugas Dinas Perhubungan berjaga di kedua ujung jembatan.</p>

<p>Pengendara diimbau memperhatikan rambu sementara dan mengurangi kecepatan. Pekerjaan diperkirakan berlangsung sekitar dua minggu, <em>tergantung cuaca</em>.</p>
""",
    ),
    Sample(
        title="Festival Meriam Karbit Kembali Digelar di Tepian Kapuas",
        author="Yuliana Sari",
        age=3600,
        categories=("Pontianak", "Budaya", "Sungai Kapuas"),
        body="""
<p>Dentuman meriam karbit akan kembali menggema di tepian Sungai Kapuas. Sebanyak 30 kelompok dari kampung-kampung di tepi sungai sudah mendaftar untuk ikut festival tahun ini.</p>

<p>Meriam karbit dibuat dari batang kayu besar yang dibelah, dilubangi, lalu diikat dengan rotan. Bunyinya berasal dari campuran karbit dan air yang disulut api. Tradisi ini disebut-sebut sudah ada sejak masa awal berdirinya Kota Pontianak.</p>

<blockquote class="wp-block-quote"><p>Bagi kami ini bukan sekadar bunyi-bunyian. Ini cara orang kampung menjaga kebersamaan. Satu meriam dikerjakan ramai-ramai, berminggu-minggu.</p></blockquote>

<p>Demikian kata Abdul Rahman, ketua salah satu kelompok meriam. Panitia mengingatkan penonton agar tetap berada di belakang garis pembatas demi keselamatan.</p>
""",
    ),
    Sample(
        title="Ratusan Warga Ikuti Gerakan Bersih Parit di Pontianak Barat",
        author="Syarif Hamdan",
        age=7900,
        categories=("Pontianak", "Lingkungan"),
        body="""
<p>Ratusan warga dari lima kelurahan di Kecamatan Pontianak Barat turun ke parit-parit di lingkungan masing-masing dalam gerakan bersih parit yang digelar serentak.</p>

<p>Mereka mengangkat sampah plastik, eceng gondok, dan lumpur yang menghambat aliran air. Pemerintah kecamatan menyiapkan truk pengangkut serta sarung tangan dan sepatu bot.</p>

<p>Camat Pontianak Barat mengatakan kegiatan serupa akan dilakukan setiap bulan, terutama menjelang musim hujan. <strong>Warga juga diminta tidak membuang sampah ke parit</strong> karena parit adalah saluran utama pembuangan air saat hujan deras dan pasang.</p>
""",
    ),
    Sample(
        title="DPRD Kota Pontianak Bahas Rancangan Perda Pengelolaan Sampah",
        author="Nurul Aini",
        age=14000,
        categories=("Pontianak", "Pemerintahan", "Lingkungan"),
        body="""
<p>Panitia khusus DPRD Kota Pontianak mulai membahas rancangan peraturan daerah tentang pengelolaan sampah. Raperda ini mengatur pemilahan sampah dari rumah tangga, bank sampah, hingga sanksi bagi pembuang sampah sembarangan.</p>

<h2>Poin utama raperda</h2>

<ul>
<li>Kewajiban memilah sampah organik dan anorganik sejak dari rumah</li>
<li>Bank sampah di setiap kelurahan</li>
<li>Pembatasan kantong plastik sekali pakai di pasar modern</li>
<li>Denda administratif bagi pelanggar berulang</li>
</ul>

<p>Ketua pansus menyebut pembahasan akan melibatkan pengelola pasar, pelaku usaha, dan komunitas peduli lingkungan. “Kami tidak mau aturan ini hanya bagus di atas kertas,” ujarnya.</p>
""",
    ),
    Sample(
        title="Waterfront City Jadi Tujuan Favorit Warga Saat Akhir Pekan",
        author="Agustinus Dedi",
        age=22300,
        categories=("Pontianak", "Wisata", "Sungai Kapuas"),
        body="""
<p>Kawasan Waterfront City di tepi Sungai Kapuas kian ramai dikunjungi warga pada sore hingga malam hari di akhir pekan. Keluarga, pesepeda, dan komunitas fotografi memadati jalur pedestrian di sepanjang sungai.</p>

<p>Selain menikmati matahari terbenam, pengunjung bisa menyusuri sungai dengan perahu wisata. Tarifnya sekitar Rp15.000 per orang untuk satu kali putaran.</p>

<p>Pedagang di sekitar kawasan mengaku omzet naik hingga dua kali lipat dibanding hari biasa. Mereka berharap lampu penerangan di beberapa titik segera diperbaiki agar pengunjung merasa lebih aman.</p>
""",
    ),
    Sample(
        title="Sejumlah Puskesmas di Pontianak Perpanjang Jam Layanan",
        author="Siti Rahmawati",
        age=31000,
        categories=("Pontianak", "Kesehatan"),
        body="""
<p>Mulai bulan ini, sejumlah puskesmas di Kota Pontianak memperpanjang jam layanan rawat jalan hingga pukul 20.00 WIB. Kebijakan ini ditujukan bagi warga yang bekerja dan sulit berobat pada jam kantor.</p>

<p>Layanan sore melayani pemeriksaan umum, kesehatan ibu dan anak, serta pengambilan obat rutin bagi pasien penyakit kronis. Warga cukup membawa kartu identitas dan kartu jaminan kesehatan.</p>
""",
    ),
    # ------------------------------------------------------------------ Kubu Raya
    Sample(
        title="Petani Padi di Sungai Ambawang Panen Lebih Awal",
        author="Yohanes Ebo",
        age=2,
        categories=("Kubu Raya", "Pertanian"),
        body="""
<p>Petani padi di Kecamatan Sungai Ambawang, Kubu Raya, memulai panen lebih awal dari biasanya. Cuaca yang bersahabat dan pengairan yang lancar membuat padi menguning dua minggu lebih cepat.</p>

<p>Kelompok tani setempat memperkirakan hasil panen mencapai <strong>4,5 ton gabah kering per hektare</strong>, naik dibandingkan musim sebelumnya. Sebagian petani sudah memakai mesin pemanen bantuan pemerintah daerah.</p>

<p>“Dulu panen satu hamparan bisa seminggu. Sekarang dengan mesin, dua hari selesai,” kata Markus, ketua kelompok tani.</p>
""",
    ),
    Sample(
        title="Layanan Adminduk Keliling Sambangi Desa-Desa Terpencil di Kubu Raya",
        author="Nurul Aini",
        age=48,
        categories=("Kubu Raya", "Pemerintahan"),
        body="""
<p>Dinas Kependudukan dan Pencatatan Sipil Kabupaten Kubu Raya menjalankan layanan administrasi kependudukan keliling ke desa-desa yang jauh dari ibu kota kabupaten. Warga bisa mengurus KTP elektronik, kartu keluarga, dan akta kelahiran di balai desa.</p>

<p>Layanan ini terutama menyasar desa-desa di pesisir dan kawasan perairan yang hanya bisa dijangkau dengan perahu motor. Petugas membawa sendiri perangkat perekaman dan pencetak.</p>

<h2>Yang perlu dibawa</h2>

<ul>
<li>Kartu keluarga asli</li>
<li>Surat keterangan lahir dari bidan atau rumah sakit, untuk akta kelahiran</li>
<li>Surat pengantar dari desa bila diperlukan</li>
</ul>

<p>Jadwal kunjungan ke setiap desa diumumkan melalui kantor desa dan media sosial pemerintah kabupaten.</p>
""",
    ),
    Sample(
        title="Jalan Penghubung Rasau Jaya–Sungai Kakap Mulai Diaspal",
        author="Yohanes Ebo",
        age=260,
        categories=("Kubu Raya", "Infrastruktur"),
        body="""
<p>Pengaspalan jalan penghubung antara Kecamatan Rasau Jaya dan Sungai Kakap mulai dikerjakan. Jalan sepanjang kurang lebih 12 kilometer ini selama bertahun-tahun rusak dan berlumpur saat musim hujan.</p>

<p>Warga menyambut baik pekerjaan tersebut. Selama ini hasil kebun dan tangkapan ikan sulit diangkut karena kendaraan sering terperosok.</p>

<blockquote class="wp-block-quote"><p>Kalau jalannya bagus, harga jual kami juga bisa lebih baik karena ongkos angkut turun.</p><cite>Suryadi, pedagang hasil bumi</cite></blockquote>

<p>Dinas pekerjaan umum menargetkan pengaspalan selesai sebelum akhir tahun anggaran.</p>
""",
    ),
    Sample(
        title="Hutan Mangrove Batu Ampar Jadi Kelas Alam bagi Pelajar",
        author="Lim Mei Hua",
        age=780,
        categories=("Kubu Raya", "Pendidikan", "Lingkungan"),
        body="""
<p>Puluhan pelajar SMP dari Kubu Raya belajar langsung di hutan mangrove Batu Ampar. Mereka diajak mengenal jenis-jenis bakau, menanam bibit, dan mengamati kepiting serta burung yang hidup di sela akar.</p>

<p>Kawasan mangrove di pesisir Kubu Raya termasuk yang terluas di Kalimantan Barat. Hutan ini menahan abrasi, menjadi tempat pemijahan ikan, dan menyimpan karbon dalam jumlah besar.</p>

<p>Pendamping kegiatan berharap pengalaman di lapangan membuat siswa lebih peduli. “Anak-anak lebih ingat apa yang mereka pegang dan lihat sendiri dibanding yang hanya dibaca di buku,” katanya.</p>
""",
    ),
    Sample(
        title="Bandara Supadio Catat Lonjakan Penumpang",
        author="Rizky Ananda",
        age=1750,
        categories=("Kubu Raya", "Transportasi"),
        body="""
<p>Jumlah penumpang di Bandara Supadio, Kubu Raya, meningkat tajam dalam beberapa hari terakhir. Pengelola bandara mencatat lebih dari 9.000 penumpang datang dan berangkat dalam sehari.</p>

<p>Rute menuju Jakarta, Kuching, dan Batam menjadi yang paling padat. Maskapai menambah beberapa penerbangan tambahan untuk mengurai antrean.</p>

<p>Calon penumpang diimbau tiba paling lambat dua jam sebelum keberangkatan dan melakukan <em>check-in</em> daring untuk menghindari antrean panjang di konter.</p>
""",
    ),
    Sample(
        title="Kebakaran Lahan di Kubu Raya Dipadamkan Sebelum Meluas",
        author="Yohanes Ebo",
        age=4100,
        categories=("Kubu Raya", "Lingkungan"),
        body="""
<p>Tim gabungan Manggala Agni, TNI, Polri, dan masyarakat peduli api berhasil memadamkan kebakaran lahan gambut di Kecamatan Sungai Raya. Api yang muncul sejak siang itu melahap sekitar tiga hektare semak belukar.</p>

<p>Petugas kesulitan karena sumber air jauh dari titik api. Mereka membuat sumur bor darurat dan menyambung selang hingga ratusan meter.</p>

<p>Pemerintah kabupaten kembali mengingatkan warga untuk tidak membuka lahan dengan cara membakar. <strong>Pelaku pembakaran lahan dapat dijerat pidana</strong> dan denda yang besar.</p>
""",
    ),
    Sample(
        title="Posyandu Remaja Dibentuk di 20 Desa Kubu Raya",
        author="Siti Rahmawati",
        age=8800,
        categories=("Kubu Raya", "Kesehatan"),
        body="""
<p>Dinas Kesehatan Kubu Raya membentuk posyandu remaja di 20 desa. Posyandu ini melayani pemeriksaan tinggi dan berat badan, kadar hemoglobin, serta konsultasi gizi dan kesehatan mental bagi remaja usia 10 hingga 18 tahun.</p>

<p>Kadernya adalah para remaja itu sendiri, yang sudah mendapat pelatihan dari tenaga kesehatan puskesmas. Pendekatan sebaya dinilai membuat remaja lebih terbuka.</p>

<p>Salah satu perhatian utama adalah anemia pada remaja putri. Tablet tambah darah dibagikan secara rutin dan dicatat dalam kartu pemantauan.</p>
""",
    ),
    Sample(
        title="Nelayan Sungai Kakap Terima Bantuan Mesin Perahu",
        author="Syarif Hamdan",
        age=15300,
        categories=("Kubu Raya", "Perikanan"),
        body="""
<p>Sebanyak 60 nelayan kecil di Kecamatan Sungai Kakap menerima bantuan mesin perahu dan alat tangkap. Bantuan diberikan kepada nelayan yang tergabung dalam kelompok usaha bersama.</p>

<p>Para nelayan berharap bantuan ini membuat mereka bisa melaut lebih jauh dan menghemat bahan bakar. Mesin lama yang sudah berusia belasan tahun dinilai boros dan sering rusak di tengah laut.</p>
""",
    ),
    Sample(
        title="Festival Durian Kubu Raya Hadirkan Puluhan Varietas Lokal",
        author="Lim Mei Hua",
        age=23700,
        categories=("Kubu Raya", "Budaya", "Pertanian"),
        body="""
<p>Aroma durian memenuhi halaman kantor bupati Kubu Raya saat festival durian dibuka. Puluhan varietas durian lokal dari berbagai kecamatan dipamerkan dan dinilai oleh dewan juri.</p>

<h2>Kriteria penilaian</h2>

<ul>
<li>Ketebalan dan warna daging buah</li>
<li>Rasa dan aroma</li>
<li>Ukuran biji</li>
<li>Ketahanan buah setelah dipetik</li>
</ul>

<p>Selain lomba, pengunjung bisa mencicipi durian dengan harga terjangkau. Panitia juga memperkenalkan olahan durian seperti <em>lempok</em>, <em>tempoyak</em>, dan es krim.</p>

<p>Pemenang lomba akan didaftarkan sebagai varietas unggulan daerah agar bibitnya bisa dikembangkan petani lain.</p>
""",
    ),
    Sample(
        title="Musrenbang Kecamatan di Kubu Raya Prioritaskan Air Bersih",
        author="Nurul Aini",
        age=33000,
        categories=("Kubu Raya", "Pemerintahan"),
        body="""
<p>Musyawarah perencanaan pembangunan tingkat kecamatan di Kubu Raya menempatkan penyediaan air bersih sebagai prioritas utama. Banyak desa di kawasan gambut dan pesisir masih mengandalkan air hujan untuk kebutuhan sehari-hari.</p>

<p>Usulan yang muncul antara lain instalasi pengolahan air sederhana, tandon air komunal, dan perpipaan dari sumber air terdekat. Usulan tersebut akan dibawa ke musrenbang kabupaten.</p>
""",
    ),
    # ------------------------------------------------------------------ Singkawang
    Sample(
        title="Panitia Cap Go Meh Singkawang Mulai Data Peserta Pawai Tatung",
        author="Lim Mei Hua",
        age=5,
        categories=("Singkawang", "Budaya", "Cap Go Meh"),
        body="""
<p>Panitia festival Cap Go Meh Singkawang mulai mendata peserta pawai tatung. Hingga hari ini, lebih dari 500 tatung dari Singkawang dan daerah sekitarnya sudah mendaftar.</p>

<p><em>Tatung</em> adalah sebutan bagi orang yang dipercaya dirasuki roh leluhur atau dewa saat pawai. Mereka diarak di atas tandu dan menunjukkan atraksi kekebalan tubuh, misalnya berdiri di atas bilah pedang.</p>

<p>Ketua panitia mengatakan pendataan dilakukan lebih awal agar rute dan pengamanan dapat diatur dengan baik. “Kami ingin festival ini tetap sakral bagi yang menjalankannya, dan aman bagi penonton,” ujarnya.</p>

<p>Baca juga: <a href="https://www.kalbaronline.com/tag/cap-go-meh/">berita Cap Go Meh lainnya</a>.</p>
""",
    ),
    Sample(
        title="Ribuan Lampion Mulai Hiasi Jalan Protokol Singkawang",
        author="Lim Mei Hua",
        age=62,
        categories=("Singkawang", "Budaya", "Cap Go Meh"),
        body="""
<p>Ribuan lampion merah mulai dipasang di sepanjang jalan protokol Kota Singkawang. Pemasangan dikerjakan bergotong royong oleh pengurus yayasan, pemuda, dan petugas pemerintah kota.</p>

<p>Lampion dipasang melintang di atas jalan dan di gapura-gapura kampung. Pada malam hari, cahaya merah keemasan menjadi latar favorit warga dan wisatawan untuk berfoto.</p>

<blockquote class="wp-block-quote"><p>Setiap tahun kami tambah sedikit. Tahun ini ada jalur baru yang tersambung ke kawasan kuliner.</p></blockquote>

<p>Panitia meminta pengunjung tidak memanjat tiang atau menarik lampion agar hiasan bertahan hingga puncak perayaan.</p>
""",
    ),
    Sample(
        title="Keramik Singkawang Tembus Pasar Luar Daerah",
        author="Yuliana Sari",
        age=320,
        categories=("Singkawang", "Ekonomi", "UMKM"),
        body="""
<p>Perajin keramik di Kota Singkawang kembali menerima pesanan dari luar Kalimantan Barat. Guci, vas bunga, dan piring hias buatan tungku tradisional dipesan hotel dan kolektor dari Jakarta, Surabaya, hingga Bali.</p>

<p>Sebagian perajin masih menggunakan <em>tungku naga</em>, tungku pembakaran panjang yang dibangun mengikuti kemiringan bukit. Tekniknya diwariskan turun-temurun.</p>

<p>Meski permintaan naik, perajin mengaku sulit mencari tenaga muda. “Membentuk tanah liat butuh kesabaran. Anak muda sekarang maunya serba cepat,” kata seorang perajin yang sudah bekerja lebih dari 30 tahun.</p>

<p>Pemerintah kota berencana menggelar pelatihan dan memasukkan sentra keramik ke dalam paket wisata.</p>
""",
    ),
    Sample(
        title="Pantai Pasir Panjang Bersolek Sambut Musim Liburan",
        author="Agustinus Dedi",
        age=900,
        categories=("Singkawang", "Wisata"),
        body="""
<p>Pengelola kawasan wisata Pantai Pasir Panjang di Singkawang Selatan memperbaiki sejumlah fasilitas menjelang musim liburan. Gazebo, kamar bilas, dan musala dicat ulang, sementara jalur pejalan kaki diperlebar.</p>

<p>Pengunjung diingatkan untuk berenang hanya di area yang diawasi penjaga pantai. <strong>Bendera merah dipasang saat ombak tinggi.</strong></p>

<p>Harga tiket masuk tidak berubah. Pengelola juga menyiapkan lahan parkir tambahan untuk bus rombongan.</p>
""",
    ),
    Sample(
        title="Rumah Sakit di Singkawang Siapkan Posko Kesehatan Selama Festival",
        author="Siti Rahmawati",
        age=2000,
        categories=("Singkawang", "Kesehatan", "Cap Go Meh"),
        body="""
<p>Rumah sakit daerah dan puskesmas di Singkawang menyiapkan posko kesehatan di sepanjang rute perayaan. Setiap posko dilengkapi tenaga medis, tandu, dan ambulans yang siaga.</p>

<p>Keluhan yang paling sering ditangani saat keramaian adalah kelelahan, dehidrasi, dan luka ringan. Penonton diimbau membawa air minum dan memakai topi.</p>

<ul>
<li>Posko utama di dekat panggung kehormatan</li>
<li>Posko pendukung di setiap persimpangan besar</li>
<li>Ambulans siaga di ujung rute</li>
</ul>
""",
    ),
    Sample(
        title="Choi Pan dan Bakmi Singkawang Diburu Wisatawan",
        author="Yuliana Sari",
        age=4700,
        categories=("Singkawang", "Kuliner"),
        body="""
<p>Kuliner khas Singkawang menjadi buruan wisatawan. <em>Choi pan</em>, kue kukus berisi bengkuang, kucai, atau talas, habis terjual sebelum siang di sejumlah kedai.</p>

<p>Bakmi dan kwetiau Singkawang juga laris. Pemilik kedai mengaku harus menambah pegawai dan buka lebih pagi untuk melayani antrean.</p>

<p>Dinas pariwisata kota sedang menyusun <strong>peta kuliner</strong> yang memuat kedai-kedai lama beserta kisah di baliknya. Peta itu akan dibagikan di hotel dan pusat informasi wisata.</p>
""",
    ),
    Sample(
        title="Warga Lintas Agama di Singkawang Kerja Bakti Bersama",
        author="Syarif Hamdan",
        age=9600,
        categories=("Singkawang", "Budaya"),
        body="""
<p>Warga dari berbagai latar belakang agama di Singkawang bergotong royong membersihkan lingkungan rumah ibadah. Dalam satu pagi, mereka membersihkan halaman vihara, masjid, dan gereja yang berdekatan di satu kelurahan.</p>

<p>Kegiatan ini diprakarsai forum kerukunan umat beragama setempat dan sudah menjadi agenda rutin. Selesai kerja bakti, warga makan bersama dengan hidangan yang dibawa dari rumah masing-masing.</p>

<blockquote class="wp-block-quote"><p>Di sini kami terbiasa saling bantu. Hari raya siapa pun, tetangga ikut sibuk.</p></blockquote>
""",
    ),
    Sample(
        title="Bukit Bougenville Singkawang Kembali Dibuka Usai Perbaikan Jalan",
        author="Agustinus Dedi",
        age=16700,
        categories=("Singkawang", "Wisata"),
        body="""
<p>Objek wisata Bukit Bougenville di Singkawang kembali dibuka setelah ditutup sementara untuk perbaikan jalan. Longsoran kecil di musim hujan sempat membuat akses menuju puncak tidak aman dilalui.</p>

<p>Dari puncak bukit, pengunjung dapat melihat hamparan kota dan laut di kejauhan. Pengelola menambah pagar pengaman di titik-titik curam.</p>
""",
    ),
    Sample(
        title="Pemkot Singkawang Tambah Armada Pengangkut Sampah",
        author="Nurul Aini",
        age=25200,
        categories=("Singkawang", "Pemerintahan", "Lingkungan"),
        body="""
<p>Pemerintah Kota Singkawang menambah lima unit truk pengangkut sampah. Penambahan ini untuk mengatasi sampah yang kerap menumpuk di tempat penampungan sementara, terutama di sekitar pasar.</p>

<p>Jadwal pengangkutan di kawasan padat juga diubah menjadi dua kali sehari. Warga diminta membuang sampah pada jam yang ditentukan, yakni pukul 18.00 hingga 06.00 WIB.</p>
""",
    ),
    Sample(
        title="Sanggar di Singkawang Ajarkan Tari Jepin kepada Generasi Muda",
        author="Lim Mei Hua",
        age=35000,
        categories=("Singkawang", "Budaya"),
        body="""
<p>Sebuah sanggar tari di Singkawang rutin melatih anak-anak dan remaja menarikan <em>jepin</em>, tari tradisional Melayu yang diiringi gambus dan marwas. Latihan digelar tiga kali seminggu di halaman rumah pendiri sanggar.</p>

<p>Jumlah murid terus bertambah. Beberapa di antaranya sudah tampil di acara resmi pemerintah kota dan festival budaya antardaerah.</p>

<p>“Kalau bukan kita yang menjaga, siapa lagi? Anak-anak ini bangga bisa menari jepin,” kata pendiri sanggar.</p>
""",
    ),
    # ------------------------------------------------------------------ Ekonomi
    Sample(
        title="Harga Cabai Rawit di Pasar Flamboyan Turun, Bawang Merah Naik",
        author="Yuliana Sari",
        age=9,
        categories=("Ekonomi", "Pontianak", "Harga Pangan"),
        body="""
<p>Harga cabai rawit di Pasar Flamboyan, Pontianak, turun dalam sepekan terakhir seiring masuknya pasokan dari sentra pertanian di sekitar kota. Sebaliknya, harga bawang merah naik karena pasokan dari luar pulau tersendat.</p>

<figure class="wp-block-table"><table><thead><tr><th>Komoditas</th><th>Pekan lalu (Rp/kg)</th><th>Hari ini (Rp/kg)</th></tr></thead><tbody>
<tr><td>Cabai rawit</td><td>72.000</td><td>58.000</td></tr>
<tr><td>Cabai merah keriting</td><td>48.000</td><td>45.000</td></tr>
<tr><td>Bawang merah</td><td>36.000</td><td>42.000</td></tr>
<tr><td>Bawang putih</td><td>38.000</td><td>38.000</td></tr>
<tr><td>Beras medium</td><td>13.500</td><td>13.500</td></tr>
</tbody></table></figure>

<p>Pedagang memperkirakan harga bawang merah kembali normal setelah kapal pengangkut tiba. “Pembeli sekarang beli sedikit-sedikit, seperempat atau setengah kilo saja,” kata Maimunah, pedagang bumbu.</p>

<p><em>Harga dihimpun dari beberapa pedagang dan dapat berbeda di pasar lain.</em></p>
""",
    ),
    Sample(
        title="Petani Sawit di Sintang Keluhkan Harga TBS yang Naik Turun",
        author="Yohanes Ebo",
        age=95,
        categories=("Ekonomi", "Sintang", "Perkebunan"),
        body="""
<p>Petani sawit swadaya di Kabupaten Sintang mengeluhkan harga tandan buah segar (TBS) yang berubah-ubah dalam beberapa pekan terakhir. Di tingkat pengepul, selisih harga bisa mencapai ratusan rupiah per kilogram dalam sepekan.</p>

<p>Petani menilai harga acuan yang ditetapkan pemerintah provinsi belum sepenuhnya mereka nikmati karena panjangnya rantai penjualan. Mereka berharap bisa menjual langsung ke pabrik melalui koperasi.</p>

<p>Dinas perkebunan setempat mendorong petani bergabung dalam kelembagaan yang bermitra dengan pabrik. <strong>Kemitraan</strong> dinilai memberi kepastian harga sekaligus akses ke pupuk dan bibit bersertifikat.</p>
""",
    ),
    Sample(
        title="UMKM & Koperasi di Sambas Dilatih Berjualan Daring",
        author="Syarif Hamdan",
        age=390,
        categories=("Ekonomi", "Sambas", "UMKM"),
        body="""
<p>Sebanyak 80 pelaku UMKM dan pengurus koperasi di Kabupaten Sambas mengikuti pelatihan pemasaran daring. Peserta belajar memotret produk dengan ponsel, menulis deskripsi yang menarik, hingga mengelola pesanan di lokapasar.</p>

<p>Produk yang dibawa peserta beragam: kain tenun songket Sambas, kerupuk ikan, madu kelulut, dan kopi bubuk. Panitia membantu setiap peserta membuka toko daring pada hari terakhir pelatihan.</p>

<p>Seorang perajin tenun mengaku baru pertama kali berjualan daring. “Ternyata pembeli dari Jawa juga mau kain kami. Selama ini hanya titip di toko suvenir,” ujarnya.</p>
""",
    ),
    Sample(
        title="Petani Kopi di Ketapang Mulai Olah Biji Sendiri",
        author="Agustinus Dedi",
        age=1050,
        categories=("Ekonomi", "Ketapang", "Perkebunan"),
        body="""
<p>Petani kopi di pedalaman Ketapang mulai mengolah sendiri biji kopi hasil kebun mereka. Jika sebelumnya dijual dalam bentuk buah merah kepada pengepul, kini sebagian petani menjemur, menyangrai, dan mengemas kopi dengan merek sendiri.</p>

<p>Jenis yang banyak ditanam adalah <em>liberika</em>, yang tahan di lahan dataran rendah. Rasanya yang khas, dengan aroma buah nangka, mulai dikenal di kedai-kedai kopi Pontianak.</p>

<p>Pengolahan sendiri membuat harga jual naik hingga tiga kali lipat. Namun petani masih membutuhkan mesin pengupas dan sangrai yang memadai agar mutu kopi seragam.</p>
""",
    ),
    Sample(
        title="Inflasi di Kalbar Terkendali, Harga Beras Relatif Stabil",
        author="Yuliana Sari",
        age=2300,
        categories=("Ekonomi", "Harga Pangan"),
        body="""
<p>Harga kebutuhan pokok di Kalimantan Barat relatif terkendali sepanjang bulan lalu. Tim pengendali inflasi daerah mencatat harga beras, minyak goreng, dan gula stabil, sedangkan kenaikan terjadi pada sebagian sayuran akibat cuaca.</p>

<p>Pemerintah provinsi bersama perusahaan daerah menggelar operasi pasar di beberapa kabupaten yang harganya di atas rata-rata. Operasi pasar akan diteruskan bila harga kembali naik.</p>

<h2>Yang perlu diperhatikan konsumen</h2>

<ul>
<li>Belanja secukupnya dan tidak menimbun</li>
<li>Bandingkan harga antarpasar bila memungkinkan</li>
<li>Laporkan harga yang tidak wajar ke posko pengaduan dinas perdagangan</li>
</ul>
""",
    ),
    Sample(
        title="Arus Peti Kemas di Pelabuhan Pontianak Meningkat",
        author="Rizky Ananda",
        age=5400,
        categories=("Ekonomi", "Pontianak", "Sungai Kapuas"),
        body="""
<p>Arus peti kemas di Pelabuhan Dwikora Pontianak meningkat dibandingkan periode yang sama tahun lalu. Muatan keluar sebagian besar berupa karet, kelapa, dan produk hasil hutan, sementara muatan masuk didominasi bahan bangunan dan kebutuhan pokok.</p>

<p>Pengelola pelabuhan menambah jam operasional alat bongkar muat agar kapal tidak antre terlalu lama. Pendangkalan alur Sungai Kapuas masih menjadi tantangan sehingga kapal besar harus menunggu air pasang.</p>
""",
    ),
    Sample(
        title="Jeruk Sambas Kembali Bergairah, Petani Perluas Kebun",
        author="Syarif Hamdan",
        age=10500,
        categories=("Ekonomi", "Sambas", "Pertanian"),
        body="""
<p>Petani jeruk di Kecamatan Tebas, Sambas, kembali memperluas kebun mereka. Jeruk siam yang di luar daerah dikenal sebagai jeruk Pontianak ini sebagian besar justru ditanam di Sambas.</p>

<p>Setelah bertahun-tahun terpukul penyakit tanaman, petani kini memakai bibit sehat bersertifikat dan rutin memangkas ranting. Hasilnya, buah lebih besar dan manis.</p>

<blockquote class="wp-block-quote"><p>Dulu banyak kebun ditinggal. Sekarang anak-anak muda mulai pulang kampung untuk berkebun jeruk lagi.</p></blockquote>

<p>Jeruk Sambas dikirim ke Pontianak, Jakarta, hingga Batam. Menjelang hari raya, permintaan biasanya naik dua kali lipat.</p>
""",
    ),
    Sample(
        title="Pedagang Pasar Mempawah Mulai Tempati Gedung Baru",
        author="Nurul Aini",
        age=18000,
        categories=("Ekonomi", "Mempawah"),
        body="""
<p>Ratusan pedagang pasar di pusat Kota Mempawah mulai menempati gedung pasar baru. Gedung dua lantai itu dilengkapi saluran air, tempat pembuangan sampah, dan area bongkar muat tersendiri.</p>

<p>Sebagian pedagang khawatir pembeli enggan naik ke lantai dua. Pengelola pasar berjanji menata penempatan kios agar pembeli tertarik berkeliling, misalnya dengan menempatkan penjual pakaian dan perlengkapan sekolah di lantai atas.</p>
""",
    ),
    Sample(
        title="Koperasi di Landak Beli Karet Petani dengan Harga Lebih Baik",
        author="Yohanes Ebo",
        age=26600,
        categories=("Ekonomi", "Landak", "Perkebunan"),
        body="""
<p>Koperasi petani karet di Kabupaten Landak membeli getah dari anggotanya dengan harga lebih tinggi dibanding pengepul. Koperasi mengumpulkan getah dalam jumlah besar lalu menjualnya langsung ke pabrik pengolahan di Pontianak.</p>

<p>Syaratnya, getah harus bersih dan tidak dicampur tanah atau tatal kayu. Koperasi membagikan wadah pembeku agar mutu bahan olah karet seragam.</p>

<p>Keuntungan akhir tahun dibagikan kembali kepada anggota dalam bentuk sisa hasil usaha.</p>
""",
    ),
    Sample(
        title="Pameran Produk Lokal Kalbar Catat Transaksi Ratusan Juta Rupiah",
        author="Yuliana Sari",
        age=37500,
        categories=("Ekonomi", "UMKM"),
        body="""
<p>Pameran produk lokal Kalimantan Barat yang berlangsung lima hari di Pontianak ditutup dengan catatan transaksi lebih dari Rp700 juta. Produk yang paling laris adalah kain tenun, kerajinan manik-manik Dayak, dan makanan olahan.</p>

<p>Penyelenggara menyebut banyak pembeli datang dari luar provinsi. Sejumlah kesepakatan dagang juga ditandatangani antara pelaku usaha dan jaringan toko swalayan.</p>

<p>Pameran berikutnya direncanakan di Ketapang dan Sintang agar pelaku usaha di daerah lebih mudah ikut serta.</p>
""",
    ),
    # ------------------------------------------------------------------ Olahraga
    Sample(
        title="Tim Sepak Bola Pelajar Pontianak Melaju ke Final Turnamen Antarkabupaten",
        author="Fajar Kurniawan",
        age=14,
        categories=("Olahraga", "Pontianak", "Sepak Bola"),
        body="""
<p>Tim sepak bola pelajar Kota Pontianak memastikan tempat di final turnamen antarkabupaten/kota se-Kalimantan Barat setelah menang 2–1 atas tim Kabupaten Sanggau di semifinal.</p>

<p>Gol kemenangan dicetak pada menit-menit akhir lewat sundulan kapten tim, Rafi Aditya, memanfaatkan sepak pojok. Tribun dipenuhi ratusan pelajar yang datang memberi dukungan.</p>

<p>Pelatih mengatakan anak asuhnya akan beristirahat penuh sebelum final. “Fisik mereka terkuras. Yang penting sekarang pemulihan,” ujarnya.</p>

<p>Di final, Pontianak akan menghadapi pemenang laga antara Ketapang dan Sintang.</p>
""",
    ),
    Sample(
        title="Lomba Sampan Bidar Meriahkan Sungai Kapuas",
        author="Fajar Kurniawan",
        age=130,
        categories=("Olahraga", "Sungai Kapuas", "Budaya"),
        body="""
<p>Ribuan warga memadati tepian Sungai Kapuas untuk menyaksikan lomba sampan bidar. Sebanyak 24 tim dari berbagai kecamatan dan kabupaten beradu cepat mendayung sampan panjang sejauh satu kilometer.</p>

<p>Setiap sampan bidar diawaki belasan pendayung yang bergerak serempak mengikuti aba-aba. Sorak penonton dari dermaga dan perahu-perahu kecil menambah semarak suasana.</p>

<h2>Format lomba</h2>

<ul>
<li>Babak penyisihan: 24 tim, diambil delapan tercepat</li>
<li>Perempat final dan semifinal digelar esok hari</li>
<li>Final dijadwalkan sore hari agar penonton lebih banyak</li>
</ul>

<p>Panitia menyiagakan perahu penyelamat dan petugas SAR di sepanjang lintasan.</p>
""",
    ),
    Sample(
        title="Atlet Dayung Kalbar Jalani Pemusatan Latihan Jelang Kejurnas",
        author="Fajar Kurniawan",
        age=460,
        categories=("Olahraga", "Dayung"),
        body="""
<p>Sebanyak 16 atlet dayung Kalimantan Barat menjalani pemusatan latihan menjelang kejuaraan nasional. Latihan dilakukan dua kali sehari: pagi di sungai dan sore di pusat kebugaran.</p>

<p>Pelatih kepala menargetkan minimal dua medali emas pada nomor kano dan perahu naga. Kalbar punya tradisi kuat di cabang dayung karena banyak atlet tumbuh besar di tepi sungai.</p>
""",
    ),
    Sample(
        title="Fun Run Khatulistiwa Diikuti Tiga Ribu Pelari",
        author="Rizky Ananda",
        age=1250,
        categories=("Olahraga", "Pontianak", "Tugu Khatulistiwa"),
        body="""
<p>Sekitar tiga ribu pelari mengikuti <strong>Fun Run Khatulistiwa</strong> yang dimulai dan berakhir di kawasan Tugu Khatulistiwa. Peserta datang dari berbagai kota di Kalimantan Barat, bahkan dari Sarawak, Malaysia.</p>

<ul>
<li>5K: kategori umum dan pelajar</li>
<li>10K: kategori umum, putra dan putri</li>
<li>Lari anak 1K untuk usia 6–12 tahun</li>
</ul>

<p>Rute melintasi Jembatan Kapuas II dan jalan-jalan di Pontianak Utara yang ditutup sementara. Panitia menyiapkan pos air minum setiap dua kilometer.</p>

<blockquote class="wp-block-quote"><p>Lari melintasi garis khatulistiwa itu pengalaman yang tidak ada di tempat lain.</p><cite>Peserta asal Kuching</cite></blockquote>
""",
    ),
    Sample(
        title="Pebulu Tangkis Muda Singkawang Juarai Turnamen Pelajar",
        author="Fajar Kurniawan",
        age=2700,
        categories=("Olahraga", "Singkawang", "Bulu Tangkis"),
        body="""
<p>Pebulu tangkis muda asal Singkawang, Kevin Ardiansyah, menjuarai nomor tunggal putra turnamen bulu tangkis pelajar tingkat provinsi. Di final, ia mengalahkan unggulan pertama dalam tiga gim.</p>

<p>Kevin berlatih di sebuah klub kecil di Singkawang sejak usia tujuh tahun. Pelatihnya menyebut kelebihan Kevin adalah ketenangan saat tertinggal angka.</p>

<p>Dengan gelar ini, Kevin berpeluang dipanggil mengikuti seleksi tim daerah untuk kejuaraan nasional junior.</p>
""",
    ),
    Sample(
        title="Stadion Sultan Syarif Abdurrahman Direnovasi",
        author="Rizky Ananda",
        age=6200,
        categories=("Olahraga", "Sepak Bola"),
        body="""
<p>Stadion Sultan Syarif Abdurrahman di Pontianak mulai direnovasi. Pekerjaan meliputi penggantian rumput lapangan, perbaikan lintasan atletik, dan pemasangan kursi di tribun.</p>

<p>Selama renovasi, klub-klub lokal dan sekolah yang biasa berlatih di stadion dipindahkan sementara ke lapangan lain. Pengelola menargetkan stadion dapat dipakai kembali dalam empat bulan.</p>
""",
    ),
    Sample(
        title="Klub Catur Ketapang Gelar Simultan Bersama Master Catur",
        author="Agustinus Dedi",
        age=11600,
        categories=("Olahraga", "Ketapang", "Catur"),
        body="""
<p>Sebuah klub catur di Ketapang menggelar pertandingan simultan dengan mendatangkan seorang master catur. Sebanyak 30 pecatur, dari pelajar hingga pensiunan, bertanding bersamaan melawan sang master.</p>

<p>Hasilnya, sang master menang di 27 papan, remis di dua papan, dan kalah di satu papan dari seorang siswi SMP. Kemenangan siswi tersebut disambut tepuk tangan panjang.</p>

<p>Pengurus klub berharap kegiatan ini menumbuhkan minat catur di kalangan pelajar Ketapang.</p>
""",
    ),
    Sample(
        title="Lomba Gasing Tradisional Digelar di Landak",
        author="Yohanes Ebo",
        age=19400,
        categories=("Olahraga", "Landak", "Budaya"),
        body="""
<p>Permainan gasing tradisional dilombakan di Kabupaten Landak. Peserta dari berbagai kecamatan beradu lama putaran dan beradu <em>pangkah</em>, yaitu menjatuhkan gasing lawan dengan gasing sendiri.</p>

<p>Gasing dibuat dari kayu keras seperti kayu belian, dibentuk dengan tangan, dan diberi tali dari kulit kayu atau nilon. Seorang perajin mengatakan satu gasing yang bagus bisa dikerjakan hingga seminggu.</p>

<p>Panitia berharap lomba ini membuat anak-anak kembali mengenal permainan tradisional di tengah maraknya permainan di ponsel.</p>
""",
    ),
    Sample(
        title="Turnamen Voli Pantai di Mempawah Jadi Ajang Cari Bakat",
        author="Fajar Kurniawan",
        age=28100,
        categories=("Olahraga", "Mempawah", "Bola Voli"),
        body="""
<p>Turnamen voli pantai di Mempawah diikuti 40 pasangan putra dan putri. Turnamen ini sekaligus menjadi ajang pemantauan bakat bagi pengurus cabang olahraga voli provinsi.</p>

<p>Pertandingan digelar di pantai yang menjadi lokasi wisata andalan Mempawah. Penonton bisa menonton sambil menikmati angin laut dan kuliner pesisir.</p>
""",
    ),
    Sample(
        title="Kompetisi Futsal Antarkampung di Kubu Raya Resmi Dibuka",
        author="Fajar Kurniawan",
        age=40000,
        categories=("Olahraga", "Kubu Raya", "Futsal"),
        body="""
<p>Kompetisi futsal antarkampung di Kubu Raya resmi dibuka. Sebanyak 64 tim dari desa-desa di sembilan kecamatan ambil bagian.</p>

<p>Kompetisi digelar dengan sistem gugur di beberapa lapangan. Panitia menerapkan aturan <em>fair play</em> dengan ketat: tim yang pemainnya terlibat perkelahian langsung didiskualifikasi.</p>

<p>Juara kompetisi akan mewakili Kubu Raya di turnamen futsal tingkat provinsi.</p>
""",
    ),
    # ------------------------------------------------------------------ Pendidikan
    Sample(
        title="Pendaftaran Beasiswa Mahasiswa Berprestasi Kalbar Dibuka",
        author="Nurul Aini",
        age=22,
        categories=("Pendidikan", "Beasiswa"),
        body="""
<p>Pemerintah Provinsi Kalimantan Barat membuka pendaftaran beasiswa bagi mahasiswa berprestasi dan mahasiswa dari keluarga kurang mampu. Beasiswa mencakup biaya kuliah dan bantuan biaya hidup selama dua semester.</p>

<h2>Persyaratan umum</h2>

<ul>
<li>Berdomisili di Kalimantan Barat, dibuktikan dengan KTP atau kartu keluarga</li>
<li>Terdaftar sebagai mahasiswa aktif program diploma atau sarjana</li>
<li>IPK minimal 3,00 untuk jalur prestasi</li>
<li>Surat keterangan tidak mampu untuk jalur afirmasi</li>
</ul>

<p>Pendaftaran dilakukan secara daring dan ditutup dalam tiga pekan. Panitia mengingatkan pendaftar untuk <strong>tidak percaya pada pihak yang menjanjikan kelulusan dengan imbalan uang</strong>.</p>

<p>Informasi lanjutan dapat diikuti di <a href="https://www.kalbaronline.com/category/pendidikan/">rubrik Pendidikan</a>.</p>
""",
    ),
    Sample(
        title="Sekolah Dasar di Sintang Terapkan Kelas Membaca Pagi",
        author="Yohanes Ebo",
        age=175,
        categories=("Pendidikan", "Sintang", "Literasi"),
        body="""
<p>Sejumlah sekolah dasar di Kabupaten Sintang menerapkan kelas membaca selama 15 menit sebelum pelajaran dimulai. Siswa bebas memilih buku cerita dari pojok baca di setiap kelas.</p>

<p>Guru mencatat perubahan setelah beberapa bulan: siswa lebih lancar membaca dan berani bercerita di depan kelas. Sekolah juga mengajak orang tua menyumbangkan buku bekas yang masih layak.</p>

<blockquote class="wp-block-quote"><p>Awalnya anak-anak hanya melihat gambar. Sekarang mereka berebut buku yang baru datang.</p></blockquote>
""",
    ),
    Sample(
        title="Guru Honorer di Pedalaman Landak Tempuh Dua Jam Menuju Sekolah",
        author="Yohanes Ebo",
        age=540,
        categories=("Pendidikan", "Landak"),
        body="""
<p>Setiap pagi, Veronika berangkat dari rumahnya pukul lima subuh untuk mengajar di sebuah SD di pedalaman Kabupaten Landak. Ia menempuh jalan tanah dengan sepeda motor, lalu berjalan kaki menyeberangi jembatan gantung.</p>

<p>Veronika adalah satu dari tiga guru di sekolah yang memiliki 68 murid itu. Ia mengajar dua kelas sekaligus karena kekurangan tenaga pengajar.</p>

<p>“Kalau musim hujan, jalannya licin sekali. Pernah saya jatuh, tapi anak-anak sudah menunggu,” tuturnya. Pemerintah kabupaten menyatakan sedang mengusulkan penambahan guru untuk sekolah-sekolah terpencil.</p>
""",
    ),
    Sample(
        title="Kampus di Pontianak Buka Program Riset Gambut bagi Mahasiswa",
        author="Lim Mei Hua",
        age=1420,
        categories=("Pendidikan", "Lingkungan"),
        body="""
<p>Sebuah perguruan tinggi di Pontianak membuka program riset lahan gambut bagi mahasiswa tingkat akhir. Mahasiswa jurusan pertanian, kehutanan, dan teknik akan meneliti cara mencegah kebakaran dan memulihkan gambut yang rusak.</p>

<p>Lahan gambut mencakup sebagian besar wilayah pesisir Kalimantan Barat. Gambut yang kering mudah terbakar dan menjadi sumber kabut asap.</p>

<p>Setiap tim mendapat dana penelitian serta pembimbing dari kampus dan dari desa mitra.</p>
""",
    ),
    Sample(
        title="Perpustakaan Keliling Sambangi Desa-Desa di Sambas",
        author="Syarif Hamdan",
        age=3100,
        categories=("Pendidikan", "Sambas", "Literasi"),
        body="""
<p>Mobil perpustakaan keliling milik dinas perpustakaan Sambas kembali beroperasi. Setiap hari mobil ini mengunjungi dua desa dan berhenti di halaman sekolah atau balai desa.</p>

<p>Koleksi yang dibawa mencakup buku cerita anak, buku pertanian, dan buku keterampilan. Warga dapat meminjam hingga tiga buku selama dua minggu.</p>
""",
    ),
    Sample(
        title="Siswa SMK di Ketapang Rakit Perahu Listrik Tenaga Surya",
        author="Agustinus Dedi",
        age=7000,
        categories=("Pendidikan", "Ketapang", "Teknologi"),
        body="""
<p>Siswa jurusan teknik listrik sebuah SMK di Ketapang merakit perahu bertenaga surya. Perahu sepanjang enam meter itu mampu membawa empat penumpang dan berjalan hingga tiga jam tanpa bahan bakar minyak.</p>

<p>Panel surya dipasang di atap perahu dan mengisi baterai yang menggerakkan motor listrik. Biaya pembuatan ditekan dengan memakai lambung perahu kayu buatan perajin setempat.</p>

<h2>Rencana uji coba</h2>

<p>Perahu akan diuji coba mengantar anak sekolah di sungai kecil dekat sekolah. Jika berhasil, pihak sekolah ingin menawarkannya kepada desa-desa yang warganya bergantung pada transportasi air.</p>
""",
    ),
    Sample(
        title="Olimpiade Sains Tingkat Provinsi Diikuti 400 Pelajar",
        author="Nurul Aini",
        age=12800,
        categories=("Pendidikan", "Prestasi"),
        body="""
<p>Sebanyak 400 pelajar SD, SMP, dan SMA dari 14 kabupaten/kota di Kalimantan Barat mengikuti olimpiade sains tingkat provinsi di Pontianak. Mereka berlomba di bidang matematika, fisika, kimia, biologi, dan informatika.</p>

<p>Peraih nilai terbaik akan mewakili Kalbar di tingkat nasional. Para pembina berharap peserta dari daerah terpencil mendapat pendampingan lebih awal agar bisa bersaing.</p>
""",
    ),
    Sample(
        title="Sekolah Adiwiyata di Mempawah Olah Sampah Jadi Kompos",
        author="Syarif Hamdan",
        age=20800,
        categories=("Pendidikan", "Mempawah", "Lingkungan"),
        body="""
<p>Siswa sebuah SMP di Mempawah mengolah sampah daun dan sisa makanan kantin menjadi kompos. Kompos dipakai untuk kebun sekolah yang ditanami sayur dan tanaman obat.</p>

<p>Sekolah ini juga mewajibkan siswa membawa botol minum sendiri. Hasilnya, sampah plastik di lingkungan sekolah berkurang drastis.</p>

<p>Program tersebut mengantar sekolah meraih predikat sekolah peduli lingkungan tingkat kabupaten.</p>
""",
    ),
    Sample(
        title="Bahasa Dayak Kanayatn Diajarkan sebagai Muatan Lokal di Landak",
        author="Yohanes Ebo",
        age=29500,
        categories=("Pendidikan", "Landak", "Budaya"),
        body="""
<p>Sejumlah sekolah dasar di Kabupaten Landak mengajarkan bahasa Dayak Kanayatn sebagai muatan lokal. Siswa belajar kosakata sehari-hari, lagu daerah, dan cerita rakyat dalam bahasa ibu mereka.</p>

<p>Guru dan tokoh adat bersama-sama menyusun bahan ajar. Menurut mereka, banyak anak kini lebih fasih berbahasa Indonesia daripada bahasa daerahnya sendiri.</p>

<blockquote class="wp-block-quote"><p>Bahasa adalah rumah bagi adat. Kalau bahasanya hilang, banyak hal ikut hilang.</p></blockquote>
""",
    ),
    Sample(
        title="PPDB di Pontianak Sepenuhnya Gunakan Pendaftaran Daring",
        author="Nurul Aini",
        age=43000,
        categories=("Pendidikan", "Pontianak", "PPDB"),
        body="""
<p>Penerimaan peserta didik baru (PPDB) jenjang SD dan SMP di Kota Pontianak sepenuhnya menggunakan pendaftaran daring. Orang tua mengunggah dokumen melalui laman resmi dan memantau hasil seleksi dari rumah.</p>

<p>Bagi orang tua yang kesulitan, sekolah membuka meja bantuan. Petugas membantu memindai dokumen dan mengisi formulir.</p>

<h2>Jalur pendaftaran</h2>

<ul>
<li>Jalur zonasi</li>
<li>Jalur afirmasi</li>
<li>Jalur perpindahan tugas orang tua</li>
<li>Jalur prestasi</li>
</ul>
""",
    ),
)


# ---------------------------------------------------------------------- a plain Atom feed

# A small English-language feed: any RSS or Atom feed sits beside the WordPress ones.
ATOM_TITLE = "Equator Notes"
ATOM_SUBTITLE = "Short notes on feeds, terminals and small tools"
ATOM_SITE = "https://notes.example.org"
ATOM_CATEGORY = "Teknologi"

ATOM_ENTRIES: tuple[Sample, ...] = (
    Sample(
        title="Reading the news in a terminal, again",
        author="Dana Whitfield",
        age=70,
        categories=("terminal", "rss"),
        body="""
<p>Terminal feed readers never really went away, but they have become pleasant to use. Modern terminals draw true colour, handle wide characters properly and scroll smoothly, so a text interface can feel as quick as a native app.</p>
<p>What makes them work is an old idea: <strong>RSS and Atom</strong>. A site publishes a small XML file listing its newest posts, and your reader checks it now and then. No account, no ranking algorithm, no tracking pixels.</p>
<p>If you have never tried it, pick three sites you read every day and look for a <code>/feed/</code> link.</p>
""",
    ),
    Sample(
        title="Why local newsrooms still publish feeds",
        author="Priya Raman",
        age=1500,
        categories=("rss", "news"),
        body="""
<p>Most regional news sites run on WordPress, and WordPress publishes a feed for the front page and for every category without anyone lifting a finger. That quiet default keeps thousands of local newsrooms readable by any feed reader.</p>
<blockquote><p>A feed is the cheapest distribution channel a small newsroom will ever have.</p></blockquote>
<p>Category feeds are the underrated part: a reader who only cares about one town, or one sport, can follow just that.</p>
""",
    ),
    Sample(
        title="Keeping a feed cache in SQLite",
        author="Dana Whitfield",
        age=5000,
        categories=("sqlite",),
        body="""
<p>A feed reader is mostly a small database with a network job attached. SQLite fits that shape well: one file, real transactions, and full-text search built in.</p>
<ul>
<li>Store each article once, keyed by its guid.</li>
<li>Remember the <code>ETag</code> and <code>Last-Modified</code> headers, so unchanged feeds cost almost nothing.</li>
<li>Page through long lists with keyset queries instead of large offsets.</li>
</ul>
""",
    ),
    Sample(
        title="A short checklist for a healthy feed",
        author="Priya Raman",
        age=20000,
        categories=("rss", "publishing"),
        body="""
<p>Publishing a feed is easy; publishing one that readers handle well takes a little care.</p>
<ol>
<li>Give every item a stable, unique id.</li>
<li>Use real dates, with a time zone.</li>
<li>Put the full text in the feed, or at least a useful summary.</li>
<li>Serve it over HTTPS with caching headers.</li>
</ol>
<p>Run the result through a feed validator before you announce it.</p>
""",
    ),
)
