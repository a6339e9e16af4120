using TorchSharp;

namespace UnityVideo.Core.Text;

/// <summary>
/// Turns tokenized prompts into context tokens for the in-context learner's cross-attention. The built-in
/// implementation is <see cref="Model.HashedTextEncoder"/> (small, trained with the model); a pretrained encoder can
/// be dropped in behind this seam as long as it is a <see cref="torch.nn.Module"/> (so its weights live in the
/// model's state dict under <c>text_encoder.</c>) and produces <see cref="OutputDim"/>-wide tokens.
/// </summary>
public interface ITextEncoder
{
    /// <summary>Width of every output token.</summary>
    int OutputDim { get; }

    /// <summary>Encodes prompts: ids <c>[B, L]</c> int64 + mask <c>[B, L]</c> bool → tokens <c>[B, L, OutputDim]</c>.
    /// Outputs at padded positions are arbitrary; consumers must apply the mask.</summary>
    torch.Tensor Encode(TextPrompt prompt);
}
