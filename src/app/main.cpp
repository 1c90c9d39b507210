// Entry point of the kiosk/tablet app.
int main() { return 0; }
