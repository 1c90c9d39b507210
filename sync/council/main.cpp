// Entry point of selfdirect-council, the council's command-line tool.
int main() { return 0; }
