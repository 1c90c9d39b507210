// Entry point of selfdirect-sync, the council receiver.
int main() { return 0; }
