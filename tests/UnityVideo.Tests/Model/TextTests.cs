using TorchSharp;
using UnityVideo.Core.Model;
using UnityVideo.Core.Text;
using static TorchSharp.torch;
using static UnityVideo.Tests.Model.ModelTestKit;

namespace UnityVideo.Tests.Model;

public sealed class TextTests
{
    [Fact]
    public void Prompts_are_tokenized_with_cl100k_after_a_begin_token_and_padded()
    {
        using var scope = NewDisposeScope();
        var tok = new PromptTokenizer(8);
        var p = tok.Encode(["hello world", ""]);

        Assert.Equal([PromptTokenizer.BeginTokenId, 15339, 1917], tok.Ids("hello world")); // cl100k: "hello", " world"
        Assert.Equal([2L, 8], p.Ids.shape);
        Assert.Equal([true, true, true, false, false, false, false, false], p.Mask[0].data<bool>().ToArray());
        Assert.Equal([true, false, false, false, false, false, false, false], p.Mask[1].data<bool>().ToArray());
        Assert.Equal(8, tok.Ids("a person walks left past a red box while the camera pans slowly").Count); // truncated
    }

    [Fact]
    public void Hashing_keeps_the_embedding_table_small_and_separates_distinct_tokens()
    {
        using var scope = NewDisposeScope();
        var cfg = TestConfig();
        using var encoder = new HashedTextEncoder("text_encoder", cfg);
        var tok = new PromptTokenizer(cfg.MaxPromptTokens);

        Assert.Equal([(long)cfg.TextBuckets, cfg.TextDim], encoder.named_parameters().Single(p => p.name == "token_embed.weight").parameter.shape);
        // Over a caption-sized vocabulary, no two tokens share every bucket.
        var words = "a person walks left past red blue green box sphere camera pans waves jumps dog cat depth map optical flow human skeleton segmentation".Split(' ');
        var ids = words.SelectMany(w => tok.Ids(w).Skip(1)).Distinct().ToList();
        var signatures = ids.Select(id => string.Join(",", encoder.Buckets(id))).ToList();
        Assert.Equal(ids.Count, signatures.Distinct().Count());
        Assert.All(ids.SelectMany(id => encoder.Buckets(id)), b => Assert.InRange(b, 0, cfg.TextBuckets - 1));

        var out1 = encoder.Encode(tok.Encode(["depth map", "optical flow"]));
        Assert.Equal([2L, cfg.MaxPromptTokens, cfg.TextDim], out1.shape);
        Assert.True(MaxAbsDiff(out1[0, 1], out1[1, 1]) > 1e-3);
    }
}
