using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace Bot.Index;

/// <summary>
/// Lucene's English analysis (<see cref="EnglishAnalyzer"/>'s chain) with one step added before Porter
/// stemming: an irregular English verb form is read as its base form (and "men", "women", "children" as
/// their singular), so that a question's "when did they meet?" matches the sources' "met", "who did he
/// fight?" their "fought", "what did Moscow give?" their "gave". Porter stemming only strips regular
/// endings. English grammar, not this corpus's words.
/// </summary>
public sealed class EnglishWithIrregularForms(LuceneVersion version) : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(version, reader);
        TokenStream result = new StandardFilter(version, source);
        result = new EnglishPossessiveFilter(version, result);
        result = new LowerCaseFilter(version, result);
        result = new StopFilter(version, result, EnglishAnalyzer.DefaultStopSet);
        result = new IrregularFormsFilter(result);
        result = new PorterStemFilter(result);
        return new TokenStreamComponents(source, result);
    }

    sealed class IrregularFormsFilter(TokenStream input) : TokenFilter(input)
    {
        readonly ICharTermAttribute _term = input.AddAttribute<ICharTermAttribute>();

        public override bool IncrementToken()
        {
            if (!m_input.IncrementToken())
                return false;
            if (_term.Length <= LongestForm && BaseForms.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(_term.Buffer.AsSpan(0, _term.Length), out var baseForm))
                _term.SetEmpty().Append(baseForm);
            return true;
        }
    }

    /// <summary>
    /// Past tenses and participles of common irregular English verbs, with their base forms. Forms that are as
    /// often another word are left out ("left", "found", "saw", "rose", "felt", "lay", "bore", "wound").
    /// </summary>
    static readonly Dictionary<string, string> BaseForms = Read(
        "arise: arose arisen; become: became; begin: began begun; bleed: bled; break: broke broken; breed: bred; "
        + "bring: brought; build: built; buy: bought; catch: caught; choose: chose chosen; come: came; deal: dealt; "
        + "die: died dies dying; dig: dug; do: did done; draw: drew drawn; drive: drove driven; eat: ate eaten; "
        + "fall: fell fallen; feed: fed; fight: fought; flee: fled; fly: flew flown; forbid: forbade forbidden; "
        + "foresee: foresaw foreseen; forget: forgot forgotten; forgive: forgave forgiven; freeze: froze frozen; "
        + "get: got gotten; give: gave given; go: went gone; grow: grew grown; have: had has; hide: hid hidden; "
        + "hold: held; keep: kept; know: knew known; lead: led; lend: lent; lose: lost; make: made; mean: meant; "
        + "meet: met; mistake: mistook mistaken; overcome: overcame; oversee: oversaw overseen; "
        + "overthrow: overthrew overthrown; pay: paid; rebuild: rebuilt; retake: retook retaken; ride: rode ridden; "
        + "ring: rang rung; rise: risen; run: ran; say: said; see: seen; seek: sought; sell: sold; send: sent; "
        + "shake: shook shaken; shoot: shot; show: shown; shrink: shrank shrunk; sing: sang sung; sink: sank sunk; "
        + "sit: sat; sleep: slept; slay: slew slain; speak: spoke spoken; spend: spent; stand: stood; steal: stole "
        + "stolen; stick: stuck; strike: struck stricken; swear: swore sworn; sweep: swept; swim: swam swum; "
        + "take: took taken; teach: taught; tear: tore torn; tell: told; think: thought; throw: threw thrown; "
        + "understand: understood; undertake: undertook undertaken; uphold: upheld; wake: woke woken; wear: wore worn; "
        + "weep: wept; win: won; withdraw: withdrew withdrawn; withhold: withheld; write: wrote written; "
        + "man: men; woman: women; child: children");

    static readonly int LongestForm = BaseForms.Keys.Max(k => k.Length);

    static Dictionary<string, string> Read(string list)
    {
        var forms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in list.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (baseForm, others) = (entry[..entry.IndexOf(':')], entry[(entry.IndexOf(':') + 1)..]);
            foreach (var form in others.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                forms.Add(form, baseForm);
        }
        return forms;
    }
}
