using Microsoft.ML.Tokenizers;
using TorchSharp;

namespace UnityVideo.Core.Text;

/// <summary>
/// Tokenizes prompts with OpenAI's cl100k_base byte-pair encoding (Microsoft.ML.Tokenizers, vocabulary from
/// the Microsoft.ML.Tokenizers.Data.Cl100kBase package, no network). Every prompt starts with the
/// <c>&lt;|endoftext|&gt;</c> id as a begin token, so even an empty prompt has one valid position; prompts are
/// truncated / padded to a fixed length so that batches (and the per-stream contexts) line up.
/// </summary>
public sealed class PromptTokenizer : IPromptEncoder
{
    /// <summary>Id of <c>&lt;|endoftext|&gt;</c> in cl100k_base, used as the begin token.</summary>
    public const int BeginTokenId = 100_257;

    private static readonly Lazy<TiktokenTokenizer> Cl100k = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"));
    private readonly TiktokenTokenizer tokenizer;

    /// <summary>Creates a tokenizer producing <paramref name="maxTokens"/>-long rows (begin token included).</summary>
    public PromptTokenizer(int maxTokens)
    {
        if (maxTokens < 2) throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, "At least 2 tokens (begin + one word).");
        MaxTokens = maxTokens;
        tokenizer = Cl100k.Value;
    }

    /// <summary>Row length of every encoded batch.</summary>
    public int MaxTokens { get; }

    /// <summary>Size of the tokenizer's id space (ids are below this).</summary>
    public static int VocabularySize => BeginTokenId + 20;

    /// <summary>Token ids of one prompt, begin token first, truncated to <see cref="MaxTokens"/>.</summary>
    public IReadOnlyList<int> Ids(string prompt)
    {
        var words = tokenizer.EncodeToIds(prompt ?? "", MaxTokens - 1, out _, out _);
        var ids = new List<int>(words.Count + 1) { BeginTokenId };
        ids.AddRange(words);
        return ids;
    }

    /// <summary>Encodes a batch: ids <c>[B, MaxTokens]</c> int64 (padding id 0) and mask <c>[B, MaxTokens]</c> bool, on <paramref name="device"/>.</summary>
    public TextPrompt Encode(IReadOnlyList<string> prompts, torch.Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        var ids = new long[prompts.Count * MaxTokens];
        var mask = new bool[prompts.Count * MaxTokens];
        for (var b = 0; b < prompts.Count; b++)
        {
            var row = Ids(prompts[b]);
            for (var i = 0; i < row.Count; i++)
            {
                ids[b * MaxTokens + i] = row[i];
                mask[b * MaxTokens + i] = true;
            }
        }
        var shape = new long[] { prompts.Count, MaxTokens };
        var idT = torch.tensor(ids, shape, torch.int64);
        var maskT = torch.tensor(mask, shape);
        return device is null || device.type == DeviceType.CPU ? new TextPrompt(idT, maskT) : new TextPrompt(idT.to(device), maskT.to(device));
    }

    /// <summary>Encodes one prompt repeated <paramref name="batch"/> times (e.g. a modality prompt for a whole batch).</summary>
    public TextPrompt Encode(string prompt, int batch, torch.Device? device = null) =>
        Encode(Enumerable.Repeat(prompt, batch).ToList(), device);
}
