// English stop words for relevance scoring. Words that carry grammar rather than topic, plus a
// few words every web page repeats (URL parts, entity leftovers, "reply"/"subscribe" chrome),
// which would otherwise make unrelated pages look alike. Chrome words that can be a topic in
// their own right (content, privacy, cookies, home, log) are deliberately left out: IDF already
// discounts them where they are boilerplate. Tokens reach this list lower-cased with
// apostrophes removed, so contractions appear here without them ("dont", "youre").

const WORDS = `
a about above across after afterwards again against all almost alone along already also
although always am among amongst an and another any anybody anyhow anyone anything anyway
anyways anywhere are aren arent around as aside ask asked asking asks at away
b back be became because become becomes becoming been before beforehand behind being below
beside besides best better between beyond both brief but by
c came can cannot cant could couldn couldnt
d did didn didnt do does doesn doesnt doing don done dont down during
e each eg eight either else elsewhere enough especially etc even ever every everybody everyone
everything everywhere ex exactly example except
f far few fifth first five for former formerly forth four from further furthermore
g get gets getting give given gives go goes going gone got gotten
h had hadn hadnt has hasn hasnt have haven havent having he hed hell hello hence her here
hereafter hereby herein heres hereupon hers herself hes hi him himself his hither how however
howbeit hows
i id ie if ill im in inc indeed instead into is isn isnt it itd itll its itself ive
j just
k keep keeps kept know known knows
l last lately later latter latterly least less lest let lets like liked likely ll look looking
looks ltd
m made mainly make makes many may maybe me mean meanwhile might mightn mine more moreover most
mostly much must mustn mustnt my myself
n name namely nd near nearly necessary need needn neednt needs neither never nevertheless next
nine no nobody non none noone nor normally not nothing now nowhere
o obviously of off often oh ok okay old on once one ones only onto or other others otherwise
ought our ours ourselves out outside over overall own
p particular particularly per perhaps placed please plus possible probably provides put
q que quite
r rather re really regarding regardless regards relatively respectively right
s said same saw say saying says second secondly see seeing seem seemed seeming seems seen self
selves sent serious seriously seven several shall shan shant she shed shell shes should
shouldn shouldnt since six so some somebody somehow someone something sometime sometimes
somewhat somewhere soon sorry still sub such sup sure
t take taken tell tends th than thank thanks thanx that thatll thats the their theirs them
themselves then thence there thereafter thereby therefore therein theres thereupon these they
theyd theyll theyre theyve thing things think third this thorough thoroughly those though
three through throughout thru thus to together too took toward towards tried tries truly try
trying twice two
u un under unfortunately unless unlikely until unto up upon us use used useful uses using
usually
v various ve very via viz vs
w want wants was wasn wasnt way we wed welcome well went were weren werent weve what whatever
whats when whence whenever whens where whereafter whereas whereby wherein wheres whereupon
wherever whether which while whither who whod whoever whole wholl whom whos whose why whys will
willing wish with within without won wont would wouldn wouldnt
x y yes yet you youd youll your youre yours yourself yourselves youve
z zero
amp nbsp quot gt lt http https www com org net html htm php asp
click reply comment comments copyright reserved subscribe skip
`;

/** The stop word set (lower-case, apostrophes removed). */
export const STOP_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter((w) => w.length > 0));

/** Whether a lower-cased, apostrophe-free token is a stop word. */
export function isStopWord(token: string): boolean {
  return STOP_WORDS.has(token);
}
