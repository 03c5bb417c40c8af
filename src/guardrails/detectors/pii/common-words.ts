/**
 * Word lists that keep the PERSON and LOCATION rules off ordinary capitalised words: frequent English
 * words (which start sentences and headings), organisation words, and field labels. Lower-cased.
 */

const COMMON = `
a about above across after again against all almost alone along already also although always am among an and
another any anybody anyone anything anyway anywhere are around as ask asked at away back be because become been
before began begin behind being below best better between beyond both bring but by call called came can cannot
could dear did do does doing done down during each early either else enough even ever every everybody everyone
everything except far few find first for from full further gave get give given go going gone good got great had
has have having he her here hers herself him himself his how however i if in inside instead into is it its itself
just keep kind know last later least less let like little look made make many maybe me meanwhile might mine more
most much must my myself near need never new next no nobody none nor not nothing now of off often oh ok okay old
on once one only onto or other others our ours ourselves out over own per perhaps please put quite rather really
right said same saw say says see seem seen several shall she should show since so some somebody someone something
sometimes soon still such sure take than thank thanks that the their theirs them themselves then there therefore
these they thing things think this those though through thus to today together tomorrow too toward towards two
under unless unlike until up upon us use used very via want was way we well went were what whatever when whenever
where whether which while who whoever whole whom whose why will with within without would yes yet you your yours
yourself yourselves yesterday hi hello hey dear regards sincerely cheers best thanks welcome sorry yes no maybe
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december today tonight morning evening afternoon night week weekend month year
mr mrs ms miss dr prof sir madam
street st avenue ave road rd lane ln drive boulevard blvd court place square way highway suite apt apartment unit
floor box po
bot user assistant system human agent customer client admin note notes summary subject re fw fwd date time name
names address phone email mobile desk fax tel cell office home work title company organization organisation
department team project account card number id ref reference order invoice total amount price cost payment
question answer example step part section chapter page table figure item list version update status type
please kindly attached attachment regarding following hereby
english french german spanish italian dutch swedish norwegian danish finnish polish czech russian chinese
japanese korean arabic hindi american british canadian australian european african asian latin
north south east west northern southern eastern western central upper lower new old great greater little big
saint san santa fort mount port lake river city county state province region district island islands
university college school institute hospital church bank hotel airport station museum park center centre
god christmas easter halloween thanksgiving day days national federal royal imperial official public private
i'm i've i'll i'd you're you've you'll we're we've they're it's that's there's here's what's who's don't doesn't
didn't can't won't isn't aren't wasn't weren't couldn't shouldn't wouldn't let's ok okay yeah
`;

const ORG = `
inc inc. incorporated ltd llc llp plc corp corp. corporation co company companies group holdings partners
partnership associates solutions software systems technologies technology tech labs laboratories consulting
consultants services service industries enterprises ventures capital international global worldwide media
network networks digital analytics data research insurance financial finance bank bancorp trust foundation
agency institute university college school academy hospital clinic pharma pharmaceuticals therapeutics
biosciences motors airlines airways energy electric power foods brands stores markets market retail logistics
transport transit traffic communications telecom entertainment studios records publishing press news times
journal gazette magazine club society association council committee commission ministry department bureau
authority union federation league orchestra band choir ensemble quartet trio lines
`;

export const COMMON_WORDS: ReadonlySet<string> = new Set(COMMON.split(/\s+/).filter((w) => w !== ''));
export const ORG_WORDS: ReadonlySet<string> = new Set(ORG.split(/\s+/).filter((w) => w !== ''));
