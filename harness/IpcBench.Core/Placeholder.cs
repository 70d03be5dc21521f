namespace IpcBench;
internal static class Placeholder { }
