using TorchSharp;
using UnityVideo.Core.Model;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Model;

public sealed class RotaryAttentionTests
{
    private const int HeadDim = 12; // axis channels (t, h, w) = (4, 4, 4)

    [Fact]
    public void Rope_rotates_each_channel_pair_by_position_times_its_axis_frequency()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(5, CPU);
        var (cos, sin) = Rope3D.Angles(2, 3, 2, HeadDim, 100.0, CPU); // 12 tokens
        var (cosTable, sinTable) = Rope3D.ChannelTables(cos, sin);
        var x = randn([1, 1, 12, HeadDim], generator: g);                                  // [B, H, N, Dh]

        var rotated = Rope3D.Apply(x, cosTable, sinTable).view(12, HeadDim).to(float64);
        var input = x.view(12, HeadDim).to(float64);

        // By hand: token (t, h, w) in row-major order; pair i of axis a (width d_a = 4) turns by pos_a · 100^(−2i/4).
        for (var token = 0; token < 12; token++)
        {
            int t = token / 6, h = token / 2 % 3, w = token % 2;
            int[] positions = [t, h, w];
            for (var pair = 0; pair < HeadDim / 2; pair++)
            {
                var axis = pair / 2;
                var angle = positions[axis] * Math.Pow(100.0, -2.0 * (pair % 2) / 4);
                var (x0, x1) = (input[token, 2 * pair].item<double>(), input[token, 2 * pair + 1].item<double>());
                Assert.Equal(x0 * Math.Cos(angle) - x1 * Math.Sin(angle), rotated[token, 2 * pair].item<double>(), 5);
                Assert.Equal(x0 * Math.Sin(angle) + x1 * Math.Cos(angle), rotated[token, 2 * pair + 1].item<double>(), 5);
            }
        }
    }

    [Fact]
    public void Rotated_query_key_products_depend_only_on_the_offset_between_positions()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(6, CPU);
        var (cos, sin) = Rope3D.Angles(6, 1, 1, HeadDim, 10_000.0, CPU); // six frames of one token
        var (cosTable, sinTable) = Rope3D.ChannelTables(cos, sin);
        var q = randn([1, 1, 1, HeadDim], generator: g).expand(1, 1, 6, HeadDim);          // the same query at every frame
        var k = randn([1, 1, 1, HeadDim], generator: g).expand(1, 1, 6, HeadDim);          // the same key at every frame

        var scores = Rope3D.Apply(q, cosTable, sinTable).matmul(Rope3D.Apply(k, cosTable, sinTable).transpose(-2, -1)).view(6, 6); // [6, 6]

        // Frames (0, 2) and (3, 5) are two apart; (1, 1) and (4, 4) zero apart; any pair differs from its mirror.
        Assert.Equal(scores[0, 2].item<float>(), scores[3, 5].item<float>(), 4);
        Assert.Equal(scores[1, 1].item<float>(), scores[4, 4].item<float>(), 4);
        Assert.Equal(scores[0, 0].item<float>(), (q[0, 0, 0] * k[0, 0, 0]).sum().item<float>(), 4); // position 0 is unrotated
        Assert.NotEqual(scores[0, 2].item<float>(), scores[2, 0].item<float>(), 3);
    }

    [Fact]
    public void Self_attention_is_softmax_attention_over_rotated_queries_and_keys()
    {
        using var scope = NewDisposeScope();
        const int dim = 24, heads = 2, n = 8;                                                // Dh = 12
        using var attn = new SelfAttention("attn", dim, heads);
        ModelTestKit.Randomize(attn, 7, 0.3);
        using var g = new Generator(8, CPU);
        var x = randn([2, n, dim], generator: g);                                          // [B, N, D]
        var (cos, sin) = Rope3D.Angles(2, 2, 2, dim / heads, 10_000.0, CPU);             // [N, Dh/2]
        var (cosTable, sinTable) = Rope3D.ChannelTables(cos, sin);

        var actual = attn.forward(x, cosTable, sinTable);                                  // [B, N, D]

        // Reference: project, split heads, rotate q and k pair by pair, softmax(q kᵀ / √Dh) v, merge, project.
        var p = attn.named_parameters().ToDictionary(kv => kv.name, kv => (Tensor)kv.parameter);
        var qkv = x.matmul(p["qkv.weight"].t()) + p["qkv.bias"];                           // [B, N, 3D]
        Tensor Heads(Tensor t) => t.view(2, n, heads, dim / heads).transpose(1, 2);         // [B, H, N, Dh]
        Tensor Rotate(Tensor t)
        {
            var even = t[.., .., .., TensorIndex.Slice(0, null, 2)];                       // [B, H, N, Dh/2]
            var odd = t[.., .., .., TensorIndex.Slice(1, null, 2)];                        // [B, H, N, Dh/2]
            return stack([even * cos - odd * sin, even * sin + odd * cos], -1).flatten(-2); // [B, H, N, Dh]
        }
        var q = Rotate(Heads(qkv.narrow(-1, 0, dim)));
        var k = Rotate(Heads(qkv.narrow(-1, dim, dim)));
        var v = Heads(qkv.narrow(-1, 2 * dim, dim));
        var weights = (q.matmul(k.transpose(-2, -1)) / Math.Sqrt(dim / heads)).softmax(-1);  // [B, H, N, N]
        var merged = weights.matmul(v).transpose(1, 2).reshape(2, n, dim);                  // [B, N, D]
        var expected = merged.matmul(p["proj.weight"].t()) + p["proj.bias"];                // [B, N, D]

        Assert.True(expected.abs().max().item<float>() > 0.1);                              // not trivially zero
        Assert.True((actual - expected).abs().max().item<float>() < 1e-5);
    }
}
