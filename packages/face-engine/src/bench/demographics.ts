// Apparent demographics of the fixture identities (folder names of
// faces/people and videos/people, and the real-selfie clips), as a reader of
// SOURCES.md and the pictures would label them. Used only to break matching
// errors down by group and to find demographically matched impostor pairs.
export interface Demographics {
  sex: 'f' | 'm';
  age: 'child' | 'adult' | 'older';
  ancestry: 'white' | 'black' | 'east_asian' | 'south_asian' | 'latino' | 'mixed';
  glasses: boolean;
}

const d = (sex: Demographics['sex'], age: Demographics['age'], ancestry: Demographics['ancestry'], glasses = false): Demographics => ({ sex, age, ancestry, glasses });

export const FIXTURE_DEMOGRAPHICS: Record<string, Demographics> = {
  alex_lacamoire: d('m', 'adult', 'white', true),
  amy: d('f', 'adult', 'white', true),
  azure_family1_dad: d('m', 'adult', 'white'),
  azure_family1_daughter: d('f', 'child', 'white'),
  azure_family1_son: d('m', 'child', 'white'),
  azure_family2_lady: d('f', 'older', 'east_asian'),
  bernadette: d('f', 'adult', 'white', true),
  biden: d('m', 'older', 'white'),
  cai_xukun: d('m', 'adult', 'east_asian'),
  compreface_person_a: d('f', 'adult', 'white'),
  compreface_person_b: d('f', 'adult', 'latino'),
  eric_clapton: d('m', 'older', 'white', true),
  facechain_model: d('f', 'adult', 'east_asian'),
  howard: d('m', 'adult', 'white'),
  john_salley: d('m', 'adult', 'black'),
  kit_harington: d('m', 'adult', 'white'),
  leonard: d('m', 'adult', 'white', true),
  lin_manuel_miranda: d('m', 'adult', 'latino'),
  meds_s006: d('m', 'adult', 'black'),
  meds_s013: d('m', 'adult', 'latino'),
  meds_s023: d('m', 'adult', 'black'),
  meds_s027: d('m', 'adult', 'black', true),
  meds_s032: d('m', 'adult', 'black'),
  meds_s036: d('m', 'adult', 'black'),
  meds_s044: d('m', 'older', 'mixed'),
  meds_s046: d('m', 'adult', 'black'),
  obama: d('m', 'adult', 'black'),
  penny: d('f', 'adult', 'white'),
  raj: d('m', 'adult', 'south_asian'),
  robert_downey_jr: d('m', 'adult', 'white'),
  rose_leslie: d('f', 'adult', 'white'),
  satya_nadella: d('m', 'adult', 'south_asian', true),
  sheldon: d('m', 'adult', 'white'),
  stuart: d('m', 'adult', 'white'),
  yang_mi: d('f', 'adult', 'east_asian'),
  'real-selfie-1': d('m', 'adult', 'east_asian'),
  'real-selfie-2': d('f', 'adult', 'white'),
  'real-selfie-3': d('m', 'adult', 'east_asian', true),
  'real-selfie-4': d('m', 'adult', 'east_asian', true),
  'real-selfie-5': d('m', 'adult', 'white', true),
  'real-selfie-6': d('f', 'adult', 'white'),
  latentsync_demo2_bearded_man: d('m', 'adult', 'latino'),
  liveportrait_s18_woman: d('f', 'adult', 'white'),
};

/** Groups the demographic table reports: a name and who belongs. */
export const DEMOGRAPHIC_GROUPS: Array<[string, (x: Demographics) => boolean]> = [
  ['children', (x) => x.age === 'child'],
  ['older (60+)', (x) => x.age === 'older'],
  ['women', (x) => x.sex === 'f'],
  ['men', (x) => x.sex === 'm'],
  ['East Asian', (x) => x.ancestry === 'east_asian'],
  ['South Asian', (x) => x.ancestry === 'south_asian'],
  ['Black', (x) => x.ancestry === 'black'],
  ['Latino / mixed', (x) => x.ancestry === 'latino' || x.ancestry === 'mixed'],
  ['White', (x) => x.ancestry === 'white'],
  ['glasses', (x) => x.glasses],
];

/** Same apparent sex, ancestry and child/adult: the impostor pairs a matcher finds hardest. */
export function demographicallyMatched(a: Demographics | undefined, b: Demographics | undefined): boolean {
  return !!a && !!b && a.sex === b.sex && a.ancestry === b.ancestry && (a.age === 'child') === (b.age === 'child');
}
