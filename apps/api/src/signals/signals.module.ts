import { Module } from '@nestjs/common';
import { SignalResolver } from './signal.resolver';
import { SignalService } from './signal.service';

@Module({ providers: [SignalService, SignalResolver] })
export class SignalsModule {}
