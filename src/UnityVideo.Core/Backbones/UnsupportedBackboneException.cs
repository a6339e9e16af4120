namespace UnityVideo.Core.Backbones;

/// <summary>A verb or service that does not work with the configured backbone yet; the message says which works.</summary>
public sealed class UnsupportedBackboneException(string message) : Exception(message);
