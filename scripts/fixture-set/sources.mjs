// Where every file of the face fixture set comes from (data only): the source repositories at
// pinned commits, the files copied unchanged, and the clips cut from longer recordings.
// The expected bytes of every file are in ./SHA256SUMS, a copy of the reference set's list.

/**
 * Source repositories. `commit` is the full 40-hex SHA where it is known; four are the 12-hex
 * abbreviations the reference set's SOURCES.md gives, resolved to a full SHA before fetching.
 */
export const REPOS = {
  fr: { repo: 'ageitgey/face_recognition', commit: '2e2dccea9dd0ce730c8d464d0f67c6eebb40c9d1', license: 'MIT' },
  fa: { repo: 'justadudewhohacks/face-api.js', commit: 'a86f011d72124e5fb93e59d5c4ab98f699dd5c9c', license: 'MIT' },
  lp: { repo: 'KwaiVGI/LivePortrait', commit: '1986663be3b6902605d32200c01f4bfd36cda83d', license: 'MIT' },
  st: { repo: 'OpenTalker/SadTalker', commit: 'cd4c0465ae0b54a6f85af57f5c65fec9fe23e7f8', license: 'Apache-2.0' },
  photomaker: { repo: 'TencentARC/PhotoMaker', commit: '060b4fcb10b76a4554edf565d6106b7e36c968f0', license: 'Apache-2.0' },
  insightface: { repo: 'deepinsight/insightface', commit: '7fadd420c2351d0ffa8cac403421c1a3ed733365', license: 'MIT (per its README; test images of unstated copyright)' },
  facechain: { repo: 'modelscope/facechain', commit: '1b807b743d4425d9312119cceaff9656a3374fb1', license: 'Apache-2.0' },
  azure: { repo: 'Azure-Samples/cognitive-services-sample-data-files', commit: '65af3b93cab5f45c76594f3265210646d4b3809e', license: 'MIT (doubtful: the same images elsewhere carry a test-only sample licence)' },
  kolors: { repo: 'Kwai-Kolors/Kolors', commit: '0fafa56a76b7acf1e147b153d1e7b8fd65f9055b', license: 'Apache-2.0' },
  msar: { repo: 'microsoft/reality-augmentation-using-cognitive-services', commit: '426f20cbe0b4', license: 'MIT' },
  dlib: { repo: 'davisking/dlib', commit: '3d40bf5790ca', license: 'BSL-1.0' },
  compreface: { repo: 'exadel-inc/CompreFace', commit: 'ddf32da8245e2e6688c3ab6f60587fd3e31538c2', license: 'Apache-2.0' },
  openface: { repo: 'cmusatyalab/openface', commit: '051475225b5a', license: 'Apache-2.0' },
  adaface: { repo: 'mk-minchul/AdaFace', commit: 'c60eaa786a42c03444f3df7096dbaf9d57ae010d', license: 'MIT' },
  latentsync: { repo: 'bytedance/LatentSync', commit: 'a229c3948406bc2cf6eaf4873e662e70c6a04746', license: 'Apache-2.0' },
  openmpf: { repo: 'openmpf/openmpf', commit: '1f9b0dde560a', license: 'Apache-2.0 (images from NIST Special Database 32, MEDS-II)' },
};

const KNN = 'examples/knn_examples/train';
const BBT_PEOPLE = ['amy', 'bernadette', 'howard', 'leonard', 'penny', 'raj', 'sheldon', 'stuart'];
const AZURE = 'Face/images';
const INSPIRE = 'cpp-package/inspireface/test_res/data';
const COMPREFACE = 'embedding-calculator/sample_images';
const MEDS = 'trunk/workflow-manager/src/test/resources/samples/meds/aa';

/** Copies named `<prefix>__<file name in the repository>` inside one person's folder. */
const prefixed = (person, prefix, source, paths) =>
  paths.map((path) => [`faces/people/${person}/${prefix}__${path.split('/').pop()}`, source, path]);

/** NIST MEDS booking photos, kept under their own names: meds_sNNN/SNNN-….jpg. */
const meds = (subject, names) =>
  names.map((name) => [`faces/people/meds_${subject.toLowerCase()}/${subject}-${name}.jpg`, 'openmpf', `${MEDS}/${subject}-${name}.jpg`]);

/** Files copied unchanged: [file in the set, source, path in the repository]. */
export const COPIES = [
  ['faces/people/obama/obama.jpg', 'fr', `${KNN}/obama/obama.jpg`],
  ['faces/people/obama/obama2.jpg', 'fr', `${KNN}/obama/obama2.jpg`],
  ['faces/people/obama/obama3.jpg', 'fr', 'tests/test_images/obama3.jpg'],
  ['faces/people/biden/biden.jpg', 'fr', `${KNN}/biden/biden.jpg`],
  ['faces/people/biden/biden2.jpg', 'fr', `${KNN}/biden/biden2.jpg`],
  ['faces/people/kit_harington/john1.jpeg', 'fr', `${KNN}/kit_harington/john1.jpeg`],
  ['faces/people/kit_harington/john2.jpeg', 'fr', `${KNN}/kit_harington/john2.jpeg`],
  ['faces/people/rose_leslie/img1.jpg', 'fr', `${KNN}/rose_leslie/img1.jpg`],
  ['faces/people/rose_leslie/img2.jpg', 'fr', `${KNN}/rose_leslie/img2.jpg`],
  ['faces/people/alex_lacamoire/img1.jpg', 'fr', `${KNN}/alex_lacamoire/img1.jpg`],
  ['faces/people/alex_lacamoire/alex-lacamoire.png', 'fr', 'examples/alex-lacamoire.png'],
  ['faces/people/lin_manuel_miranda/lin-manuel-miranda.png', 'fr', 'examples/lin-manuel-miranda.png'],
  ...BBT_PEOPLE.flatMap((p) => [1, 2, 3, 4, 5].map((n) => [`faces/people/${p}/${p}${n}.png`, 'fa', `examples/images/${p}/${p}${n}.png`])),
  ['faces/scenes/two_people.jpg', 'fr', 'examples/two_people.jpg'],
  ['faces/scenes/obama_partial_face.jpg', 'fr', 'tests/test_images/obama_partial_face.jpg'],
  ['faces/scenes/bbt1.jpg', 'fa', 'examples/images/bbt1.jpg'],
  ['faces/scenes/white.png', 'fa', 'test/images/white.png'],
  ['videos/stage-clip-lin-manuel-miranda.mp4', 'fr', 'examples/short_hamilton_clip.mp4'],
  // Children, older people, East and South Asian, Black and Latino faces, glasses, beards.
  ...prefixed('yang_mi', 'photomaker', 'photomaker', ['yangmi_1.jpg', 'yangmi_2.jpeg', 'yangmi_4.jpg', 'yangmi_6.jpg'].map((f) => `examples/yangmi_woman/${f}`)),
  ...prefixed('cai_xukun', 'insightface', 'insightface', [`${INSPIRE}/bulk/jntm.jpg`, `${INSPIRE}/bulk/kun.jpg`]),
  ...prefixed('facechain_model', 'facechain', 'facechain', ['2', '5', '6'].map((n) => `data_process/image/000000_${n}.jpg`)),
  ...prefixed('azure_family2_lady', 'azure', 'azure', ['Family2-Lady1.jpg', 'Family2-Lady2.jpg', 'woman1-person-group.jpg'].map((f) => `${AZURE}/${f}`)),
  ...prefixed('satya_nadella', 'kolors', 'kolors', ['ipadapter_FaceID/assets/test_img1_org.png']),
  ...prefixed('satya_nadella', 'msar', 'msar', ['setup/target-images/satya-nadella.jpg']),
  ...prefixed('john_salley', 'dlib', 'dlib', ['000179_02159509.jpg', '000189_02159361.jpg', '000198_02159470.jpg'].map((f) => `examples/johns/John_Salley/${f}`)),
  ...prefixed('compreface_person_b', 'compreface', 'compreface', ['007_B.jpg', '008_B.jpg'].map((f) => `${COMPREFACE}/${f}`)),
  ...prefixed('compreface_person_a', 'compreface', 'compreface', ['002_A.jpg', '004_A.jpg', '005_A.jpg', '006_A.jpg'].map((f) => `${COMPREFACE}/${f}`)),
  ...prefixed('azure_family1_daughter', 'azure', 'azure', ['Family1-Daughter2.jpg', 'Family1-Daughter3.jpg'].map((f) => `${AZURE}/${f}`)),
  ...prefixed('azure_family1_son', 'azure', 'azure', ['Family1-Son1.jpg', 'Family1-Son2.jpg'].map((f) => `${AZURE}/${f}`)),
  ...prefixed('azure_family1_dad', 'azure', 'azure', ['Family1-Dad2.jpg', 'Family1-Dad3.jpg'].map((f) => `${AZURE}/${f}`)),
  ...prefixed('eric_clapton', 'openface', 'openface', ['images/examples/clapton-1.jpg', 'images/examples/clapton-2.jpg']),
  ...prefixed('robert_downey_jr', 'insightface', 'insightface', [`${INSPIRE}/RD/d1.jpeg`, `${INSPIRE}/RD/d4.jpeg`]),
  ...prefixed('robert_downey_jr', 'adaface', 'adaface', ['face_alignment/test_images/img1.jpeg', 'face_alignment/test_images/img2.jpeg']),
  ...meds('S006', ['01-t10_01', '02-t10_01', '03-t10_01']),
  ...meds('S013', ['01-t10_01', '02-t10_01']),
  ...meds('S023', ['01-t10_01', '02-t10_01', '03-t10_01']),
  ...meds('S027', ['01-t10_01', '01-t10_02', '01-t10_03']),
  ...meds('S032', ['01-t10_01', '02-t10_01', '03-t10_01']),
  ...meds('S036', ['01-t10_01', '02-t10_01', '03-t10_01']),
  ...meds('S044', ['01-t10_01', '02-t10_01', '03-t10_01']),
  ...meds('S046', ['01-t10_01', '02-t10_01']),
];

/**
 * Clips cut from recordings: [file in the set, source, path, start s, length s, expected s].
 * The expected duration differs from the length where the recording is shorter (d0) or the cut
 * ends on a frame boundary past it (demo2: 3.52 and 3.56 s).
 */
export const CLIPS = [
  ['videos/real-selfie-1.mp4', 'lp', 'assets/examples/driving/d0.mp4', 0, 4, 3.12],
  ['videos/real-selfie-2.mp4', 'lp', 'assets/examples/driving/d3.mp4', 0, 4, 4],
  ['videos/real-selfie-3.mp4', 'lp', 'assets/examples/driving/d9.mp4', 0, 4, 4],
  ['videos/real-selfie-4.mp4', 'lp', 'assets/examples/driving/d12.mp4', 0, 4, 4],
  ['videos/real-selfie-5.mp4', 'lp', 'assets/examples/driving/d19.mp4', 0, 4, 4],
  ['videos/real-selfie-6.mp4', 'st', 'examples/ref_video/WDA_KatieHill_000.mp4', 0, 4, 4],
  ['videos/people/liveportrait_s18_woman/clip-1.mp4', 'lp', 'assets/examples/source/s18.mp4', 0.5, 3.5, 3.5],
  ['videos/people/liveportrait_s18_woman/clip-2.mp4', 'lp', 'assets/examples/source/s18.mp4', 5.5, 3.5, 3.5],
  ['videos/people/latentsync_demo2_bearded_man/clip-1.mp4', 'latentsync', 'assets/demo2_video.mp4', 1, 3.5, 3.52],
  ['videos/people/latentsync_demo2_bearded_man/clip-2.mp4', 'latentsync', 'assets/demo2_video.mp4', 12.5, 3.5, 3.56],
];

/**
 * The documented cut: a segment, no audio, longest side at most 640, H.264 CRF 26, with the
 * bundled ffmpeg (@ffmpeg-installer/ffmpeg, x264 core 157). x264's bytes depend on its thread
 * count; every reference clip records threads=3 (the default on 2 cores), so it is pinned.
 */
export const cutArgs = (input, output, start, length) => [
  '-y', '-v', 'error', '-ss', String(start), '-t', String(length), '-i', input, '-an',
  '-vf', "scale='if(gt(iw,ih),min(640,iw),-2)':'if(gt(iw,ih),-2,min(640,ih))'",
  '-c:v', 'libx264', '-threads', '3', '-preset', 'medium', '-crf', '26', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', output,
];
