using TorchSharp;
using TorchSharp.Modules;
using UnityVideo.Core.Text;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>
/// A small trainable text encoder: hashed token embeddings + learned positions + a few pre-LN transformer
/// layers + a final LayerNorm.
/// <para>
/// Why hashing: cl100k has ~100k ids, so a full embedding table at width 128 would hold ~12.8 M parameters —
/// several times the whole tiny model, and almost all rows would never be trained (captions and modality
/// prompts use a few hundred distinct tokens). Instead each id is mapped into <see cref="DiTConfig.TextBuckets"/>
/// rows by <see cref="DiTConfig.HashFunctions"/> universal hash functions h_k(id) = ((a_k·id + b_k) mod p) mod m
/// (p = 2³¹ − 1), and the rows are summed. Two ids share a row under one function with probability ≈ 1/m, and
/// share all rows only with probability ≈ 1/m^k, so collisions rarely make two words indistinguishable. The
/// table size is then a configuration choice, independent of the tokenizer's vocabulary.
/// </para>
/// </summary>
public sealed class HashedTextEncoder : nn.Module<TextPrompt, Tensor>, ITextEncoder
{
    private const long Prime = 2_147_483_647; // 2^31 − 1
    private static readonly long[] A = [1_103_515_245, 1_664_525_013, 747_796_405, 2_891_336_453 % Prime, 1_181_783_497];
    private static readonly long[] B = [12_345, 1_013_904_223, 2_891_336_453 % Prime, 277_803_737, 1_442_695_041];

    private readonly Embedding token_embed;
    private readonly Parameter pos_embed;
    private readonly ModuleList<TextEncoderLayer> layers;
    private readonly LayerNorm norm;
    private readonly int buckets;
    private readonly int hashFunctions;

    /// <summary>Creates the encoder from the model configuration (text fields) and initialises its weights.</summary>
    public HashedTextEncoder(string name, DiTConfig config) : base(name)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.HashFunctions > A.Length) throw new ArgumentOutOfRangeException(nameof(config), $"At most {A.Length} hash functions.");
        buckets = config.TextBuckets;
        hashFunctions = config.HashFunctions;
        OutputDim = config.TextDim;
        token_embed = nn.Embedding(config.TextBuckets, config.TextDim);
        pos_embed = new Parameter(zeros(config.MaxPromptTokens, config.TextDim));
        layers = nn.ModuleList(Enumerable.Range(0, config.TextLayers).Select(i => new TextEncoderLayer($"{i}", config.TextDim, config.TextHeads)).ToArray());
        norm = nn.LayerNorm(config.TextDim, 1e-6);
        RegisterComponents();
        InitializeWeights();
    }

    /// <inheritdoc />
    public int OutputDim { get; }

    /// <inheritdoc />
    public Tensor Encode(TextPrompt prompt) => forward(prompt);

    /// <summary>The embedding rows an id uses, one per hash function (for tests and diagnostics).</summary>
    public long[] Buckets(long id) => Enumerable.Range(0, hashFunctions).Select(k => (A[k] * id + B[k]) % Prime % buckets).ToArray();

    /// <summary>Token embeddings N(0, 0.02²), positions N(0, 0.02²), linears Xavier-uniform with zero bias.</summary>
    public void InitializeWeights()
    {
        using var noGrad = no_grad();
        nn.init.normal_(token_embed.weight!, 0, 0.02);
        nn.init.normal_(pos_embed, 0, 0.02);
        foreach (var m in modules().OfType<Linear>())
        {
            nn.init.xavier_uniform_(m.weight!);
            if (m.bias is not null) nn.init.zeros_(m.bias);
        }
    }

    /// <summary>Prompt ids <c>[B, L]</c> + mask → context tokens <c>[B, L, Dt]</c>.</summary>
    public override Tensor forward(TextPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        using var scope = NewDisposeScope();
        var length = prompt.Ids.shape[1];
        if (length > pos_embed.shape[0]) throw new ArgumentException($"Prompt length {length} exceeds the encoder's {pos_embed.shape[0]} positions.", nameof(prompt));

        // 1. Hashed token embeddings, summed over hash functions, plus positions
        var x = pos_embed.narrow(0, 0, length).unsqueeze(0);                     // [1, L, Dt]
        for (var k = 0; k < hashFunctions; k++)
            x = x + token_embed.forward((prompt.Ids * A[k] + B[k]).remainder(Prime).remainder(buckets)); // [B, L, Dt]

        // 2. Transformer layers (padding keys masked out)
        foreach (var layer in layers)
            x = layer.forward(x, prompt.Mask);                                   // [B, L, Dt]

        // 3. Final norm
        return scope.MoveToOuter(norm.forward(x));                               // [B, L, Dt]
    }
}
